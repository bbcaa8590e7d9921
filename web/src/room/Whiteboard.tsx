// The shared whiteboard: a 2D canvas everyone draws on with the mouse, a pen or a finger,
// with a choice of colour and width and a clear button. Your stroke shows at once and is sent
// when you lift the pointer (long strokes in pieces); the board itself is what the server
// broadcast, so late joiners and everyone else see the same drawing.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { showError } from "../lib/banner";
import type { StrokeOp } from "../lib/types";
import type { RoomConnection } from "./connection";
import type { Board } from "./room-state";
import { boardPoint, paintAll, paintMore } from "./whiteboard-paint";

const COLORS = [
  { value: "#111827", name: "Black" },
  { value: "#1d4ed8", name: "Blue" },
  { value: "#dc2626", name: "Red" },
  { value: "#16a34a", name: "Green" },
  { value: "#f59e0b", name: "Amber" },
];
const WIDTHS = [
  { value: 30, name: "Thin" },
  { value: 60, name: "Medium" },
  { value: 100, name: "Thick" },
];
const MAX_POINTS = 900; // per op; the server takes up to 1000
const MIN_STEP = 8; // board units between recorded points

interface Pending {
  op: StrokeOp;
  seq?: number;
}

interface Props {
  conn: RoomConnection;
  board: Board;
  readOnly: boolean;
}

export function Whiteboard({ conn, board, readOnly }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [color, setColor] = useState(COLORS[0].value);
  const [width, setWidth] = useState(WIDTHS[1].value);
  const current = useRef<StrokeOp | null>(null);
  const pending = useRef<Pending[]>([]);
  const drawn = useRef<{ revision: number; count: number; ops: StrokeOp[] | null }>({ revision: -1, count: 0, ops: null });
  const [size, setSize] = useState(0);

  function repaint() {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const extra = pending.current.map((p) => p.op);
    if (current.current) extra.push(current.current);
    paintAll(canvas, [...board.ops, ...extra]);
    drawn.current = { revision: board.revision, count: board.ops.length, ops: board.ops };
  }

  // Size the canvas to its box (in device pixels) and repaint when the box changes.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const resize = () => {
      const rect = canvas.getBoundingClientRect();
      const px = Math.max(1, Math.round(rect.width * (window.devicePixelRatio || 1)));
      if (canvas.width !== px || canvas.height !== px) {
        canvas.width = px;
        canvas.height = px;
        setSize(px);
      }
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  // Paint what changed: new ops on top when the board only grew, everything otherwise.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    pending.current = pending.current.filter((p) => p.seq === undefined || p.seq > board.seq);
    const last = drawn.current;
    const grew = last.revision === board.revision && board.ops.length >= last.count && last.ops !== null;
    if (grew && pending.current.length === 0 && !current.current) {
      paintMore(canvas, board.ops.slice(last.count));
      drawn.current = { revision: board.revision, count: board.ops.length, ops: board.ops };
    } else {
      repaint();
    }
  }, [board, size]);

  function send(op: StrokeOp) {
    const entry: Pending = { op };
    pending.current.push(entry);
    void conn.draw([op]).then(({ problem, seq }) => {
      if (problem) {
        pending.current = pending.current.filter((p) => p !== entry);
        repaint();
        showError(problem);
      } else {
        // Until the board holds this seq, the stroke stays drawn as pending.
        entry.seq = seq ?? 0;
      }
    });
  }

  function onPointerDown(event: PointerEvent) {
    if (readOnly || event.button !== 0) return;
    const canvas = canvasRef.current!;
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
    current.current = { type: "stroke", points: [boardPoint(canvas, event.clientX, event.clientY)], color, width };
    repaint();
  }

  function onPointerMove(event: PointerEvent) {
    const stroke = current.current;
    const canvas = canvasRef.current;
    if (!stroke || !canvas) return;
    const point = boardPoint(canvas, event.clientX, event.clientY);
    const prev = stroke.points[stroke.points.length - 1];
    if (Math.hypot(point[0] - prev[0], point[1] - prev[1]) < MIN_STEP) return;
    stroke.points.push(point);
    paintMore(canvas, [{ ...stroke, points: [prev, point] }]);
    if (stroke.points.length >= MAX_POINTS) {
      send(stroke);
      current.current = { ...stroke, points: [point] };
    }
  }

  function onPointerUp() {
    const stroke = current.current;
    current.current = null;
    if (stroke) send(stroke);
  }

  async function clear() {
    const problem = await conn.clearWhiteboard();
    if (problem) showError(problem);
  }

  return (
    <div class="panel whiteboard">
      <h2 id="board-title" class="visually-hidden">
        Whiteboard
      </h2>
      {!readOnly && (
        <div class="board-tools">
          <fieldset class="swatches">
            <legend>Colour</legend>
            {COLORS.map((c) => (
              <label key={c.value} class="swatch" style={{ "--swatch": c.value }}>
                <input
                  type="radio"
                  name="board-color"
                  value={c.value}
                  checked={color === c.value}
                  onChange={() => setColor(c.value)}
                  data-testid={`whiteboard-color-${c.name.toLowerCase()}`}
                />
                <span class="visually-hidden">{c.name}</span>
              </label>
            ))}
          </fieldset>
          <div class="field inline">
            <label for="board-width">Width</label>
            <select
              id="board-width"
              data-testid="whiteboard-width"
              value={String(width)}
              onChange={(e) => setWidth(Number(e.currentTarget.value))}
            >
              {WIDTHS.map((w) => (
                <option key={w.value} value={String(w.value)}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="button secondary small clear-board" data-testid="whiteboard-clear" onClick={() => void clear()}>
            Clear board
          </button>
        </div>
      )}
      <canvas
        ref={canvasRef}
        class="board-canvas"
        data-testid="whiteboard-canvas"
        role="img"
        aria-label={readOnly ? "Shared whiteboard" : "Shared whiteboard: draw with a mouse, pen or finger"}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
    </div>
  );
}
