"""Streaming multipart upload: the file part goes straight into the artifact store.

Nothing is held whole in memory or spooled twice: each network chunk is parsed, the file's
bytes are written to a store writer (hashing as they go), and the upload is refused the
moment it crosses the size limit. Small text fields (name, description, tags) are kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from modelyard.datasets.problems import UploadMissingFile
from modelyard.kit.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from modelyard.storage import ArtifactRef, ArtifactStore, ArtifactTooLarge, ArtifactWriter

MAX_FIELD_BYTES = 64 * 1024
FLUSH_BYTES = 1024 * 1024
FILE_FIELD = "file"


@dataclass
class UploadedFile:
    ref: ArtifactRef
    filename: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _PartState:
    name: str = ""
    filename: str | None = None
    header_field: bytes = b""
    header_value: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    value: bytearray = field(default_factory=bytearray)


class _Collector:
    """Callbacks for python-multipart; file bytes are buffered per network chunk only."""

    def __init__(self) -> None:
        self.part = _PartState()
        self.fields: dict[str, str] = {}
        self.file_chunks: list[bytes] = []
        self.filename: str | None = None
        self.file_seen = False
        self.in_file = False
        self.buffered = 0

    def on_part_begin(self) -> None:
        self.part = _PartState()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.part.header_field.lower()] = self.part.header_value
        self.part.header_field, self.part.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        raw_filename = options.get(b"filename")
        self.part.filename = (
            raw_filename.decode("utf-8", "replace") if raw_filename is not None else None
        )
        self.in_file = self.part.name == FILE_FIELD and not self.file_seen
        if self.in_file:
            self.file_seen = True
            self.filename = self.part.filename or "upload"

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file:
            self.file_chunks.append(data[start:end])
            self.buffered += end - start
            return
        self.part.value += data[start:end]
        if len(self.part.value) > MAX_FIELD_BYTES:
            raise PayloadTooLarge(f"The form field '{self.part.name}' is too long.")

    def on_part_end(self) -> None:
        if not self.in_file and self.part.name:
            self.fields[self.part.name] = self.part.value.decode("utf-8", "replace")
        self.in_file = False

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }


def _boundary(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise UnsupportedMediaType(
            "Uploads must be multipart/form-data.",
            hint="Send the file as a multipart/form-data part named `file`.",
        )
    return options[b"boundary"]


async def receive_upload(
    stream: AsyncIterator[bytes], content_type: str, store: ArtifactStore, *, max_bytes: int
) -> UploadedFile:
    """Stream the `file` part into the store; nothing is kept when anything goes wrong."""
    collector = _Collector()
    parser = MultipartParser(_boundary(content_type), collector.callbacks())  # type: ignore[arg-type]
    writer: ArtifactWriter = store.writer(max_bytes=max_bytes)
    try:
        async for chunk in stream:
            try:
                parser.write(chunk)
            except (PayloadTooLarge, UnsupportedMediaType):
                raise
            except Exception as error:
                raise BadRequest(
                    "The multipart body is malformed.",
                    hint="Send a well-formed multipart/form-data body.",
                ) from error
            if collector.buffered >= FLUSH_BYTES:
                await _flush(collector, writer)
        parser.finalize()
        await _flush(collector, writer)
        if not collector.file_seen:
            raise UploadMissingFile()
        ref = await asyncio.to_thread(writer.commit)
    except ArtifactTooLarge as error:
        raise PayloadTooLarge(
            f"The file is larger than the limit of {max_bytes} bytes.",
            hint="Upload a smaller file, or ask the operator to raise MODELYARD_MAX_UPLOAD_BYTES.",
        ) from error
    except BaseException:
        await asyncio.to_thread(writer.abort)
        raise
    return UploadedFile(ref=ref, filename=collector.filename or "upload", fields=collector.fields)


async def _flush(collector: _Collector, writer: ArtifactWriter) -> None:
    if not collector.file_chunks:
        return
    data = b"".join(collector.file_chunks)
    collector.file_chunks.clear()
    collector.buffered = 0
    await asyncio.to_thread(writer.write, data)
