// /rooms/:id for signed-in people: a room visit with their account.
import type { Session } from "../lib/session";
import { RoomPage } from "./RoomPage";

export function MemberRoomPage({ roomId, session }: { roomId: string; session: Session }) {
  return (
    <RoomPage roomId={roomId} identity={{ kind: "member", token: session.token, user: session.user }} />
  );
}
