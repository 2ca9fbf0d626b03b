import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { LoginForm } from "./login-form";

const user = { id: "usr_1", email: "ada@example.com", name: "Ada Lovelace", created_at: "2026-01-01T00:00:00Z" };

describe("LoginForm", () => {
  it("validates required fields before calling the API", async () => {
    const { fetchMock } = stubApi({});
    const view = renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await view.user.click(await screen.findByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter your email address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("signs in and hands over the user", async () => {
    const { requests } = stubApi({ "POST /api/v1/auth/login": { status: 200, body: { user, csrf_token: "csrf" } } });
    const onSuccess = vi.fn();
    const view = renderWithApp(<LoginForm onSuccess={onSuccess} />);

    await view.user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await view.user.type(screen.getByLabelText("Password"), "correct horse battery");
    await view.user.click(screen.getByRole("button", { name: "Sign in" }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(user));
    expect(requests[0]?.body).toEqual({ email: "ada@example.com", password: "correct horse battery" });
  });

  it("shows the problem's detail and hint when the credentials are wrong", async () => {
    stubApi({
      "POST /api/v1/auth/login": {
        status: 401,
        body: problem(401, "invalid_credentials", "Email or password is incorrect.", { hint: "Check for typos, or create an account." }),
      },
    });
    const view = renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await view.user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await view.user.type(screen.getByLabelText("Password"), "wrong");
    await view.user.click(screen.getByRole("button", { name: "Sign in" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Email or password is incorrect.");
    expect(alert).toHaveTextContent("Check for typos, or create an account.");
    expect(alert).toHaveTextContent("Request ID: req_test");
  });

  it("puts server validation errors on the matching field", async () => {
    stubApi({
      "POST /api/v1/auth/login": {
        status: 422,
        body: problem(422, "validation_error", "The request is invalid.", {
          errors: [{ loc: ["body", "email"], msg: "String should have at most 320 characters", type: "string_too_long" }],
        }),
      },
    });
    const view = renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await view.user.type(await screen.findByLabelText("Email"), "long@example.com");
    await view.user.type(screen.getByLabelText("Password"), "secret-password");
    await view.user.click(screen.getByRole("button", { name: "Sign in" }));

    const email = screen.getByLabelText("Email");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription("String should have at most 320 characters");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
