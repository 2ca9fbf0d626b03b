import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { KIND_LABELS, type SignatureColumn } from "./signature";

export function SignatureTable({ columns }: { columns: SignatureColumn[] }) {
  return (
    <Table aria-label="Input columns">
      <TableHeader>
        <TableRow>
          <TableHead>Column</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead className="hidden sm:table-cell">Values seen in training</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {columns.map((column) => (
          <TableRow key={column.name}>
            <TableCell className="font-medium">{column.name}</TableCell>
            <TableCell className="text-muted-foreground">{KIND_LABELS[column.kind]}</TableCell>
            <TableCell className="hidden max-w-md truncate text-muted-foreground sm:table-cell" title={column.categories.join(", ")}>
              {column.categories.length > 0 ? column.categories.slice(0, 12).join(", ") + (column.categories.length > 12 ? ` and ${column.categories.length - 12} more` : "") : "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
