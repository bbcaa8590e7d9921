// Room chat: history with "load older messages", live messages, who is typing, a text box
// (Enter sends) and quick emoji reactions.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { showError } from "../lib/banner";
import { chatText, clockTime } from "../lib/format";
import { describeError } from "../lib/messages";
import { useObservable } from "../lib/observable";
import type { RoomConnection, TypingPerson } from "./connection";

const EMOJI = ["👍", "🎉", "☕", "📚", "✅"];
const TYPING_REPEAT_MS = 2000;
const TYPING_IDLE_MS = 3000;

interface Props {
  conn: RoomConnection;
  typing: TypingPerson[];
  readOnly: boolean;
}

function typingText(typing: TypingPerson[]): string {
  const names = typing.map((t) => t.name);
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

export function ChatPanel({ conn, typing, readOnly }: Props) {
  const chat = useObservable(conn.chat.state);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const typingSent = useRef(0);
  const idleTimer = useRef<number | undefined>(undefined);

  // Keep the newest message in view unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [chat.messages.length]);

  useEffect(() => () => window.clearTimeout(idleTimer.current), []);

  function stopTyping() {
    window.clearTimeout(idleTimer.current);
    if (typingSent.current) conn.setTyping(false);
    typingSent.current = 0;
  }

  function onInput(value: string) {
    setText(value);
    if (!value) return stopTyping();
    if (Date.now() - typingSent.current > TYPING_REPEAT_MS) {
      conn.setTyping(true);
      typingSent.current = Date.now();
    }
    window.clearTimeout(idleTimer.current);
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  async function send(content: string, type: "TEXT" | "EMOJI" = "TEXT") {
    if (!content.trim() || sending) return;
    setSending(true);
    stick.current = true;
    const problem = await conn.sendMessage(content, type);
    setSending(false);
    if (problem) return showError(problem);
    if (type === "TEXT") {
      setText("");
      stopTyping();
    }
  }

  async function loadOlder() {
    const el = list.current;
    const before = el ? el.scrollHeight - el.scrollTop : 0;
    stick.current = false;
    try {
      await conn.chat.loadOlder();
      requestAnimationFrame(() => {
        if (el) el.scrollTop = el.scrollHeight - before;
      });
    } catch (err) {
      showError(describeError(err));
    }
  }

  return (
    <section class="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      {chat.hasMore && (
        <button type="button" class="link-button" data-testid="chat-load-older" onClick={() => void loadOlder()} disabled={chat.loading}>
          {chat.loading ? "Loading…" : "Load older messages"}
        </button>
      )}
      <ol
        class="chat-messages"
        ref={list}
        aria-label="Messages"
        aria-live="polite"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {chat.messages.length === 0 && <li class="empty">No messages yet.</li>}
        {chat.messages.map((m) => (
          <li
            key={m.message_id}
            class={`chat-message ${m.type === "EMOJI" ? "emoji" : ""} ${m.user_id === conn.selfId ? "mine" : ""}`}
            data-testid="chat-message"
            data-user-id={m.user_id}
          >
            <span class="chat-meta">
              <span class="chat-author">{m.user_name}</span> <time dateTime={m.timestamp}>{clockTime(m.timestamp)}</time>
            </span>
            <span class="chat-text">{chatText(m.content)}</span>
          </li>
        ))}
      </ol>
      {typing.length > 0 && (
        <p class="typing" data-testid="typing-indicator" aria-live="polite">
          {typingText(typing)}
        </p>
      )}
      {readOnly ? (
        <p class="hint">Sign up to take part in the chat.</p>
      ) : (
        <>
          <form
            class="chat-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send(text);
            }}
          >
            <label for="chat-input" class="visually-hidden">
              Message
            </label>
            <input
              id="chat-input"
              data-testid="chat-input"
              placeholder="Write a message"
              autoComplete="off"
              maxLength={1000}
              value={text}
              onInput={(e) => onInput(e.currentTarget.value)}
              onBlur={stopTyping}
            />
            <button type="submit" class="button" data-testid="chat-send" disabled={sending || !text.trim()}>
              Send
            </button>
          </form>
          <div class="emoji-row" role="group" aria-label="Quick reactions">
            {EMOJI.map((emoji) => (
              <button key={emoji} type="button" class="emoji-button" aria-label={`Send ${emoji}`} onClick={() => void send(emoji, "EMOJI")}>
                {emoji}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
