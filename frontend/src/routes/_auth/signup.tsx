import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RegisterForm } from "@/features/auth/register-form";
import { notifySuccess } from "@/lib/notify";
import { safeRedirect } from "@/lib/safe-redirect";

export const Route = createFileRoute("/_auth/signup")({
  head: () => ({ meta: [{ title: "Create account · Modelyard" }] }),
  component: SignupPage,
});

function SignupPage() {
  const { redirect } = Route.useSearch();
  const navigate = useNavigate();
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle as="h1" className="text-xl">Create your account</CardTitle>
        <CardDescription>Train and deploy models on your own data, without code.</CardDescription>
      </CardHeader>
      <CardContent>
        <RegisterForm
          redirect={redirect}
          onSuccess={(user) => {
            notifySuccess(`Welcome to Modelyard, ${user.name || user.email}`);
            void navigate({ to: safeRedirect(redirect) });
          }}
        />
      </CardContent>
    </Card>
  );
}
