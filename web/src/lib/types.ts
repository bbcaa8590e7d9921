// Shapes of the REST answers and room events the app uses (snake_case, as the server sends
// them; see docs/rooms-api.md).

export interface User {
  id: string;
  name: string;
  email: string | null;
  is_admin: boolean;
  is_anonymous: boolean;
  created_at?: string;
}

export type MediaTopology = "mesh" | "sfu";

export interface RoomSummary {
  id: string;
  name: string;
  capacity: number;
  current_occupancy: number;
  available_spots: number;
  is_public: boolean;
  media_topology: MediaTopology;
}

export interface RoomDetails extends RoomSummary {
  join_code: string;
  owner_id: string | null;
  version: number;
}

export interface Participant {
  user_id: string;
  user_name: string;
  joined_at?: string;
  status: "ACTIVE" | "MUTED";
  mic: boolean;
  cam: boolean;
  screen: boolean;
}

export interface TimerState {
  status: "running" | "paused" | "completed";
  duration: number;
  start_time: string;
  remaining: number;
  synced_by: string;
}

export interface StrokeOp {
  type: "stroke";
  points: [number, number][];
  color: string;
  width: number;
}

export interface WhiteboardState {
  snapshot: StrokeOp[];
  snapshot_seq: number;
  ops: StrokeOp[];
  seq: number;
}

export interface SharedFile {
  file_id: string;
  name: string;
  size: number;
  url: string;
  user_id: string;
  content_type?: string;
  created_at?: string;
}

export interface RoomState {
  room: {
    id: string;
    name: string;
    capacity: number;
    current_occupancy: number;
    media_topology: MediaTopology;
    join_code: string;
  };
  version: number;
  participants: Participant[];
  timer: TimerState | null;
  whiteboard: WhiteboardState;
  files?: SharedFile[];
}

export interface ChatMessage {
  message_id: string;
  user_id: string;
  user_name: string;
  content: string;
  type: "TEXT" | "EMOJI" | "POLL";
  timestamp: string;
}

export interface AckFailure {
  ok: false;
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export type Ack<T = Record<string, unknown>> = ({ ok: true } & T) | AckFailure;
