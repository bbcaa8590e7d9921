// The /join/:code route: resolves an invitation link's code and enters that room.
import { useEffect, useState } from "preact/hooks";
import { describeError } from "../lib/messages";
import { linkHandler, navigate } from "../lib/router";
import { resolveJoinCode } from "./JoinCodeForm";

export function JoinByCode({ code }: { code: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    resolveJoinCode(code.trim().toUpperCase())
      .then((id) => navigate(`/rooms/${id}`, { replace: true }))
      .catch((err) => setProblem(describeError(err)));
  }, [code]);
  return (
    <section class="panel narrow">
      <h1>Joining with code {code.toUpperCase()}</h1>
      {problem ? (
        <p role="alert">
          {problem} <a href="/" onClick={linkHandler("/")}>Back to the lobby</a>
        </p>
      ) : (
        <p role="status">Finding the room…</p>
      )}
    </section>
  );
}
