// Sign up or log in. One form: sign-up uses name, email and password (8+ characters), log-in
// only email and password. Success stores the session and stays on the current route (the
// lobby at /, or the room or invitation that was asked for).
import { useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { clearError, showError } from "../lib/banner";
import { describeError } from "../lib/messages";
import { linkHandler } from "../lib/router";
import { signIn } from "../lib/session";
import type { User } from "../lib/types";
import { GuestOption, type Invitation } from "./GuestOption";

type Mode = "signup" | "login";
type Problems = Partial<Record<"name" | "email" | "password", string>>;

function check(mode: Mode, name: string, email: string, password: string): Problems {
  const problems: Problems = {};
  if (mode === "signup" && !name.trim()) problems.name = "Enter your name.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.email = "Enter an email address.";
  if (mode === "signup" && password.length < 8) problems.password = "Use at least 8 characters.";
  if (mode === "login" && !password) problems.password = "Enter your password.";
  return problems;
}

export function AuthForm({ intro, invitation }: { intro?: string; invitation?: Invitation }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState<Mode | null>(null);

  async function submit(mode: Mode) {
    const found = check(mode, name, email, password);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      const first = (["name", "email", "password"] as const).find((f) => found[f]);
      if (first) document.getElementById(`auth-${first}`)?.focus();
      return;
    }
    setBusy(mode);
    try {
      const body =
        mode === "signup"
          ? { name: name.trim(), email: email.trim(), password }
          : { email: email.trim(), password };
      const answer = await api.post<{ token: string; user: User }>(`/api/auth/${mode}`, body);
      clearError();
      signIn({ token: answer.token, user: answer.user });
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setProblems({ name: fields.name, email: fields.email, password: fields.password });
      showError(describeError(err));
      setBusy(null);
    }
  }

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const submitter = event.submitter as HTMLButtonElement | null;
    const mode = (submitter?.value as Mode | undefined) ?? (name.trim() ? "signup" : "login");
    void submit(mode);
  }

  const describedBy = (field: keyof Problems) => (problems[field] ? `auth-${field}-problem` : undefined);

  return (
    <section class="panel narrow auth" aria-labelledby="auth-title">
      <h1 id="auth-title">Welcome to Carrel</h1>
      <p class="lead">{intro ?? "Study together in quiet rooms: video, chat, a shared timer and a whiteboard."}</p>
      <form onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="auth-name">{invitation ? "Name (for a new account, or as a guest)" : "Name (for a new account)"}</label>
          <input
            id="auth-name"
            data-testid="auth-name"
            name="name"
            autoComplete="name"
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-invalid={problems.name ? "true" : undefined}
            aria-describedby={describedBy("name")}
          />
          {problems.name && <p id="auth-name-problem" class="problem">{problems.name}</p>}
        </div>
        <div class="field">
          <label for="auth-email">Email</label>
          <input
            id="auth-email"
            data-testid="auth-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-invalid={problems.email ? "true" : undefined}
            aria-describedby={describedBy("email")}
          />
          {problems.email && <p id="auth-email-problem" class="problem">{problems.email}</p>}
        </div>
        <div class="field">
          <label for="auth-password">Password (at least 8 characters)</label>
          <input
            id="auth-password"
            data-testid="auth-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={problems.password ? "true" : undefined}
            aria-describedby={describedBy("password")}
          />
          {problems.password && <p id="auth-password-problem" class="problem">{problems.password}</p>}
        </div>
        <div class="actions">
          <button type="submit" class="button" value="signup" data-testid="auth-signup" disabled={busy !== null}>
            {busy === "signup" ? "Creating account…" : "Sign up"}
          </button>
          <button type="submit" class="button secondary" value="login" data-testid="auth-login" disabled={busy !== null}>
            {busy === "login" ? "Logging in…" : "Log in"}
          </button>
        </div>
      </form>
      {invitation && (
        <GuestOption
          invitation={invitation}
          name={name}
          onProblem={(problem) => setProblems((p) => ({ ...p, name: problem ?? undefined }))}
        />
      )}
      <p class="aside">
        No account? <a href="/public" onClick={linkHandler("/public")} data-testid="guest-link">Join a public room as a guest</a> with only a display name.
      </p>
    </section>
  );
}
