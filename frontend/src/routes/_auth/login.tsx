import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LoginForm } from "@/features/auth/login-form";
import { notifySuccess } from "@/lib/notify";
import { safeRedirect } from "@/lib/safe-redirect";

export const Route = createFileRoute("/_auth/login")({
  head: () => ({ meta: [{ title: "Sign in · Modelyard" }] }),
  component: LoginPage,
});

function LoginPage() {
  const { redirect } = Route.useSearch();
  const navigate = useNavigate();
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle as="h1" className="text-xl">Sign in</CardTitle>
        <CardDescription>Welcome back. Sign in to your Modelyard account.</CardDescription>
      </CardHeader>
      <CardContent>
        <LoginForm
          redirect={redirect}
          onSuccess={(user) => {
            notifySuccess(`Welcome back, ${user.name || user.email}`);
            void navigate({ to: safeRedirect(redirect) });
          }}
        />
      </CardContent>
    </Card>
  );
}
