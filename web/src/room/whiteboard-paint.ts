// Painting whiteboard strokes on a 2D canvas. Strokes are in board units on the fixed
// 10000 x 10000 board; each canvas scales them to its own size, so everyone sees the same
// drawing whatever their screen.
import type { StrokeOp } from "../lib/types";

export const BOARD_SIZE = 10000;

export function paintStroke(ctx: CanvasRenderingContext2D, op: StrokeOp, scale: number): void {
  const points = op.points;
  if (points.length === 0) return;
  ctx.strokeStyle = op.color;
  ctx.fillStyle = op.color;
  ctx.lineWidth = Math.max(1, op.width * scale);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  if (points.length === 1) {
    const [x, y] = points[0];
    ctx.beginPath();
    ctx.arc(x * scale, y * scale, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(points[0][0] * scale, points[0][1] * scale);
  for (let i = 1; i < points.length; i += 1) ctx.lineTo(points[i][0] * scale, points[i][1] * scale);
  ctx.stroke();
}

export function paintAll(canvas: HTMLCanvasElement, ops: readonly StrokeOp[]): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const scale = canvas.width / BOARD_SIZE;
  for (const op of ops) paintStroke(ctx, op, scale);
}

export function paintMore(canvas: HTMLCanvasElement, ops: readonly StrokeOp[]): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const scale = canvas.width / BOARD_SIZE;
  for (const op of ops) paintStroke(ctx, op, scale);
}

/** A pointer position as board coordinates, clamped to the board. */
export function boardPoint(canvas: HTMLCanvasElement, clientX: number, clientY: number): [number, number] {
  const rect = canvas.getBoundingClientRect();
  const clamp = (v: number) => Math.min(BOARD_SIZE, Math.max(0, Math.round(v * 10) / 10));
  return [
    clamp(((clientX - rect.left) / rect.width) * BOARD_SIZE),
    clamp(((clientY - rect.top) / rect.height) * BOARD_SIZE),
  ];
}
