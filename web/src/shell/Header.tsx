// The top bar: the app name (a link to the lobby) and, when signed in, who you are and a
// log-out button.
import { linkHandler, navigate } from "../lib/router";
import { signOut, type Session } from "../lib/session";

export function Header({ session }: { session: Session | null }) {
  return (
    <header class="app-header">
      <a class="brand" href="/" onClick={linkHandler("/")}>
        <img src="/favicon.svg" alt="" width={24} height={24} />
        Carrel
      </a>
      {session && (
        <div class="who">
          <span class="who-name" title={session.user.email ?? ""}>
            {session.user.name}
            {session.user.is_admin && <span class="badge">admin</span>}
          </span>
          <button
            type="button"
            class="button secondary"
            data-testid="logout"
            onClick={() => {
              signOut();
              navigate("/");
            }}
          >
            Log out
          </button>
        </div>
      )}
    </header>
  );
}
