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
import { useLogin } from "./queries";

interface LoginValues {
  email: string;
  password: string;
}

export function LoginForm({ onSuccess, redirect }: { onSuccess: (user: User) => void; redirect?: string | undefined }) {
  const login = useLogin();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<LoginValues>({ defaultValues: { email: "", password: "" } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { user } = await login.mutateAsync(values);
      onSuccess(user);
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["email", "password"])) setFormError(problem);
      notifyProblem(problem, "Could not sign in");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Sign in">
      <ProblemAlert error={formError} />
      <FormField label="Email" error={errors.email?.message}>
        {(field) => (
          <Input
            {...field}
            type="email"
            autoComplete="email"
            autoFocus
            {...form.register("email", { required: "Enter your email address." })}
          />
        )}
      </FormField>
      <FormField label="Password" error={errors.password?.message}>
        {(field) => (
          <Input {...field} type="password" autoComplete="current-password" {...form.register("password", { required: "Enter your password." })} />
        )}
      </FormField>
      <Button type="submit" pending={login.isPending} className="w-full">
        {login.isPending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        New to Modelyard?{" "}
        <Link to="/signup" search={redirect ? { redirect } : {}} className="font-medium text-primary underline-offset-4 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
