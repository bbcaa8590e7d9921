// The room's chat history: the newest page from the REST API when entering, older pages on
// request (`before=` the oldest message id), and live `new-message` events, kept in order and
// without duplicates.
import { api } from "../lib/api";
import { Observable } from "../lib/observable";
import type { ChatMessage } from "../lib/types";

export interface ChatState {
  messages: ChatMessage[]; // oldest first
  hasMore: boolean;
  loading: boolean;
}

const PAGE = 50;

interface Page {
  messages: ChatMessage[]; // newest first
  has_more: boolean;
}

export class ChatLog {
  readonly state = new Observable<ChatState>({ messages: [], hasMore: false, loading: false });

  constructor(
    private readonly roomId: string,
    private readonly token: string | null,
  ) {}

  /** Loads the newest page and merges it with what is already shown. */
  async loadLatest(): Promise<void> {
    const page = await api.get<Page>(`/api/rooms/${this.roomId}/messages?limit=${PAGE}`, {
      token: this.token,
    });
    const current = this.state.value;
    const merged = merge(current.messages, page.messages);
    // Only the first load decides whether older pages exist.
    const hasMore = current.messages.length === 0 ? page.has_more : current.hasMore;
    this.state.set({ ...current, messages: merged, hasMore });
  }

  async loadOlder(): Promise<void> {
    const current = this.state.value;
    const oldest = current.messages[0];
    if (!oldest || current.loading) return;
    this.state.set({ ...current, loading: true });
    try {
      const page = await api.get<Page>(
        `/api/rooms/${this.roomId}/messages?limit=${PAGE}&before=${encodeURIComponent(oldest.message_id)}`,
        { token: this.token },
      );
      const now = this.state.value;
      this.state.set({ messages: merge(now.messages, page.messages), hasMore: page.has_more, loading: false });
    } catch (err) {
      this.state.set({ ...this.state.value, loading: false });
      throw err;
    }
  }

  add(message: ChatMessage): void {
    const current = this.state.value;
    if (current.messages.some((m) => m.message_id === message.message_id)) return;
    this.state.set({ ...current, messages: [...current.messages, message] });
  }
}

/** Known messages plus a page (newest first), oldest first, each once. Messages arrive in the
 * order they were stored, so the merge keeps the known order and places the page around it. */
function merge(known: ChatMessage[], page: ChatMessage[]): ChatMessage[] {
  const seen = new Set(known.map((m) => m.message_id));
  const fresh = [...page].reverse().filter((m) => !seen.has(m.message_id));
  if (fresh.length === 0) return known;
  const all = [...fresh, ...known];
  // Stable by timestamp: ids from one page keep their relative order.
  return all
    .map((message, index) => ({ message, index, at: Date.parse(message.timestamp) || 0 }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((entry) => entry.message);
}
