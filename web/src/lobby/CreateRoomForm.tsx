// Creates a room (name, capacity 2-50, public or private) and enters it.
import { useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { showError } from "../lib/banner";
import { describeError } from "../lib/messages";
import { navigate } from "../lib/router";
import type { RoomDetails } from "../lib/types";

export function CreateRoomForm({ token }: { token: string }) {
  const [name, setName] = useState("");
  const [capacity, setCapacity] = useState("");
  const [isPublic, setIsPublic] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    const cap = capacity.trim() === "" ? undefined : Number(capacity);
    if (!trimmed) return setProblem("Give the room a name.");
    if (cap !== undefined && (!Number.isInteger(cap) || cap < 2 || cap > 50))
      return setProblem("Capacity is a whole number from 2 to 50.");
    setBusy(true);
    setProblem(null);
    try {
      const body: Record<string, unknown> = { name: trimmed, is_public: isPublic };
      if (cap !== undefined) body.capacity = cap;
      const answer = await api.post<{ room?: RoomDetails } & Partial<RoomDetails>>("/api/rooms", body, { token });
      const room = (answer.room ?? answer) as RoomDetails;
      navigate(`/rooms/${room.id}`);
    } catch (err) {
      const taken = err instanceof ApiError && err.code === "ROOM_NAME_TAKEN";
      if (taken) setProblem(describeError(err));
      else showError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form class="panel create-room" onSubmit={onSubmit} noValidate aria-labelledby="create-room-title">
      <h2 id="create-room-title">Create a room</h2>
      <div class="field">
        <label for="create-room-name">Room name</label>
        <input
          id="create-room-name"
          data-testid="create-room-name"
          maxLength={100}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <div class="field-row">
        <div class="field">
          <label for="create-room-capacity">Capacity (2-50)</label>
          <input
            id="create-room-capacity"
            data-testid="create-room-capacity"
            type="number"
            inputMode="numeric"
            min={2}
            max={50}
            placeholder="50"
            value={capacity}
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
        </div>
        <div class="field checkbox">
          <input
            id="create-room-public"
            data-testid="create-room-public"
            type="checkbox"
            checked={isPublic}
            onChange={(e) => setIsPublic(e.currentTarget.checked)}
          />
          <label for="create-room-public">Listed in the lobby</label>
        </div>
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="button" data-testid="create-room-submit" disabled={busy}>
        {busy ? "Creating…" : "Create and enter"}
      </button>
    </form>
  );
}
