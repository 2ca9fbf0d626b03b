import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toProblem, type User } from "@/lib/api";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem } from "@/lib/notify";
import { useLogin, useRegister } from "./queries";

interface RegisterValues {
  name: string;
  email: string;
  password: string;
}

/** Mirrors the server rule (auth/passwords.py); the server stays the authority. */
export const MIN_PASSWORD_LENGTH = 10;

/** Creates the account, then signs in with the same credentials so the user lands in the app. */
export function RegisterForm({ onSuccess, redirect }: { onSuccess: (user: User) => void; redirect?: string | undefined }) {
  const register = useRegister();
  const login = useLogin();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<RegisterValues>({ defaultValues: { name: "", email: "", password: "" } });
  const { errors } = form.formState;
  const pending = register.isPending || login.isPending;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await register.mutateAsync(values);
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["name", "email", "password"])) setFormError(problem);
      notifyProblem(problem, "Could not create your account");
      return;
    }
    try {
      const { user } = await login.mutateAsync({ email: values.email, password: values.password });
      onSuccess(user);
    } catch (error) {
      setFormError(error);
      notifyProblem(error, "Account created, but signing in failed");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Create account">
      <ProblemAlert error={formError} />
      <FormField label="Name" error={errors.name?.message}>
        {(field) => <Input {...field} autoComplete="name" autoFocus {...form.register("name", { required: "Tell us your name." })} />}
      </FormField>
      <FormField label="Work email" error={errors.email?.message}>
        {(field) => (
          <Input
            {...field}
            type="email"
            autoComplete="email"
            {...form.register("email", {
              required: "Enter your email address.",
              pattern: { value: /^[^\s@]+@[^\s@]+$/, message: "Enter a valid email address." },
            })}
          />
        )}
      </FormField>
      <FormField label="Password" error={errors.password?.message} description={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(field) => (
          <Input
            {...field}
            type="password"
            autoComplete="new-password"
            {...form.register("password", {
              required: "Choose a password.",
              minLength: { value: MIN_PASSWORD_LENGTH, message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` },
            })}
          />
        )}
      </FormField>
      <Button type="submit" pending={pending} className="w-full">
        {register.isPending ? "Creating account…" : login.isPending ? "Signing in…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link to="/login" search={redirect ? { redirect } : {}} className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
