import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { RegisterForm } from "./register-form";

const user = { id: "usr_1", email: "ada@example.com", name: "Ada", created_at: "2026-01-01T00:00:00Z" };

async function fillAndSubmit(view: ReturnType<typeof renderWithApp>, password: string) {
  await view.user.type(await screen.findByLabelText("Name"), "Ada");
  await view.user.type(screen.getByLabelText("Work email"), "ada@example.com");
  await view.user.type(screen.getByLabelText("Password"), password);
  await view.user.click(screen.getByRole("button", { name: "Create account" }));
}

describe("RegisterForm", () => {
  it("enforces the minimum password length locally", async () => {
    const { fetchMock } = stubApi({});
    const view = renderWithApp(<RegisterForm onSuccess={vi.fn()} />);
    await fillAndSubmit(view, "short");
    expect(await screen.findByText("Use at least 10 characters.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("creates the account, then signs in with the same credentials", async () => {
    const { requests } = stubApi({
      "POST /api/v1/auth/register": { status: 201, body: user },
      "POST /api/v1/auth/login": { status: 200, body: { user, csrf_token: "csrf" } },
    });
    const onSuccess = vi.fn();
    const view = renderWithApp(<RegisterForm onSuccess={onSuccess} />);
    await fillAndSubmit(view, "a-long-enough-password");

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(user));
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /api/v1/auth/register", "POST /api/v1/auth/login"]);
    expect(requests[0]?.body).toEqual({ name: "Ada", email: "ada@example.com", password: "a-long-enough-password" });
  });

  it("maps a weak-password problem onto the password field with its hint in a toast", async () => {
    stubApi({
      "POST /api/v1/auth/register": {
        status: 422,
        body: problem(422, "weak_password", "The password is too weak.", {
          hint: "Use a longer passphrase.",
          errors: [{ loc: ["body", "password"], msg: "Do not use your email in the password.", type: "weak_password" }],
        }),
      },
    });
    const view = renderWithApp(<RegisterForm onSuccess={vi.fn()} />);
    await fillAndSubmit(view, "ada@example.com-2026");

    expect(await screen.findByText("Do not use your email in the password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(await screen.findByText(/Use a longer passphrase\./)).toBeInTheDocument();
  });
});
