// The app shell: header, error banner and the page for the current route. Logged out, app
// routes show the auth form and continue to the requested page after signing in.
import { useEffect } from "preact/hooks";
import { AuthForm } from "./auth/AuthForm";
import { GuestLobby } from "./guest/GuestLobby";
import { GuestRoomPage } from "./guest/GuestRoomPage";
import { api, ApiError } from "./lib/api";
import { showError } from "./lib/banner";
import { messageFor } from "./lib/messages";
import { useObservable } from "./lib/observable";
import { linkHandler, route } from "./lib/router";
import { session, signIn, signOut } from "./lib/session";
import type { User } from "./lib/types";
import { JoinByCode } from "./lobby/JoinByCode";
import { Lobby } from "./lobby/Lobby";
import { MemberRoomPage } from "./room/MemberRoomPage";
import { ErrorBanner } from "./shell/ErrorBanner";
import { Header } from "./shell/Header";

/** Checks a stored token once at start; an expired one signs out with a message. */
function useSessionCheck(): void {
  useEffect(() => {
    const current = session.value;
    if (!current) return;
    api
      .get<{ user: User }>("/api/me", { token: current.token })
      .then(({ user }) => {
        if (session.value?.token === current.token) signIn({ token: current.token, user });
      })
      .catch((err) => {
        if (err instanceof ApiError && err.code === "UNAUTHORIZED") {
          signOut();
          showError(messageFor("UNAUTHORIZED"));
        }
      });
  }, []);
}

/** Moves focus to the new page after in-app navigation, as a page load would. */
function useFocusOnNavigation(): void {
  useEffect(
    () =>
      route.subscribe(() => {
        requestAnimationFrame(() => document.getElementById("main")?.focus({ preventScroll: true }));
      }),
    [],
  );
}

export function App() {
  const current = useObservable(session);
  const where = useObservable(route);
  useSessionCheck();
  useFocusOnNavigation();

  let page;
  switch (where.name) {
    case "home":
      page = current ? <Lobby session={current} /> : <AuthForm />;
      break;
    case "room":
      page = current ? (
        <MemberRoomPage key={where.roomId} roomId={where.roomId} session={current} />
      ) : (
        <AuthForm intro="Log in or sign up to enter this room." invitation={{ roomId: where.roomId }} />
      );
      break;
    case "join":
      page = current ? (
        <JoinByCode code={where.code} />
      ) : (
        <AuthForm intro="Log in or sign up to join the room you were invited to." invitation={{ code: where.code }} />
      );
      break;
    case "public":
      page = <GuestLobby />;
      break;
    case "public-room":
      page = <GuestRoomPage key={where.roomId} roomId={where.roomId} />;
      break;
    default:
      page = (
        <section class="panel narrow">
          <h1>Page not found</h1>
          <p>
            There is nothing here. <a href="/" onClick={linkHandler("/")}>Go to the lobby</a>.
          </p>
        </section>
      );
  }

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header session={current} />
      <ErrorBanner />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
