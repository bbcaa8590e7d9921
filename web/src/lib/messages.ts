// Plain-words text for the error codes of the REST API and the room events, so people see
// what happened and what to do instead of a code.
import { ApiError, NETWORK_ERROR } from "./api";

export const KICKED_TEXT = "You were removed from the room by a moderator.";
export const CONNECTION_LOST_TEXT = "Connection lost. Trying to reconnect…";

function wait(seconds: number | null | undefined): string {
  if (!seconds || seconds <= 0) return "Please wait a moment and try again.";
  if (seconds < 90) return `Please wait ${Math.ceil(seconds)} seconds and try again.`;
  return `Please wait ${Math.ceil(seconds / 60)} minutes and try again.`;
}

export function messageFor(code: string, fallback?: string, retryAfter?: number | null): string {
  switch (code) {
    case "ROOM_FULL":
      return "This room is full. Pick another room or try again later.";
    case "RATE_LIMITED":
      return `You're going too fast for the server. ${wait(retryAfter)}`;
    case "ROOM_NOT_FOUND":
      return "That room doesn't exist. Check the link or the join code.";
    case "INVALID_CREDENTIALS":
      return "That email and password don't match an account.";
    case "EMAIL_TAKEN":
      return "There is already an account with that email. Log in instead.";
    case "UNAUTHORIZED":
      return "Your session has ended. Please log in again.";
    case "FORBIDDEN":
      return "You're not allowed to do that.";
    case "NOT_PARTICIPANT":
      return "You're not in this room any more.";
    case "ROOM_NAME_TAKEN":
      return "A room with that name exists already. Pick another name.";
    case "ALREADY_IN_ROOM":
      return "You're already in another room. Leave it first.";
    case "MUTED":
      return "A moderator muted you, so your microphone stays off.";
    case "TOO_MANY_CONNECTIONS":
      return "Too many guest connections from your network. Close another Carrel tab and try again.";
    case "INVALID_USER":
      return "Your guest pass is no longer valid. Enter your name again to get a new one.";
    case "PAYLOAD_TOO_LARGE":
      return "That file is too large to share.";
    case "WHITEBOARD_FULL":
      return "The whiteboard is full. Clear it to keep drawing.";
    case "SERVICE_UNAVAILABLE":
      return "The server is having trouble right now. Try again in a moment.";
    case "CONNECTION_TIMEOUT":
      return "The connection timed out. Reload the page to come back.";
    case NETWORK_ERROR:
      return "The server can't be reached. Check your connection and try again.";
    case "VALIDATION_ERROR":
      return fallback ? `Please check what you entered: ${fallback}` : "Please check what you entered.";
    default:
      return fallback || "Something went wrong. Please try again.";
  }
}

/** The text for any thrown value (ApiError, socket ack error, or anything else). */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = Object.entries(err.fields).map(([field, problem]) => `${field} ${problem}`);
    return messageFor(err.code, fields.join("; ") || err.message, err.retryAfter);
  }
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") {
    const e = err as { code: string; message?: string; details?: { retry_after?: number } };
    return messageFor(e.code, e.message, e.details?.retry_after);
  }
  return "Something went wrong. Please try again.";
}
