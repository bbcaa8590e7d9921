// Files shared in the room: choosing a file uploads it at once (with a progress bar); each
// file-item shows the name and size and links to its signed download URL.
import { useState } from "preact/hooks";
import { showError } from "../lib/banner";
import { fileSize } from "../lib/format";
import { describeError } from "../lib/messages";
import type { SharedFile } from "../lib/types";
import type { RoomConnection } from "./connection";
import { uploadFile } from "./upload";

interface Upload {
  id: number;
  name: string;
  progress: number;
}

interface Props {
  conn: RoomConnection;
  files: SharedFile[];
  readOnly: boolean;
}

let nextUpload = 1;

export function FilesPanel({ conn, files, readOnly }: Props) {
  const [uploads, setUploads] = useState<Upload[]>([]);

  async function upload(file: File) {
    const token = conn.authToken;
    if (!token) return;
    const id = nextUpload++;
    setUploads((list) => [...list, { id, name: file.name, progress: 0 }]);
    try {
      await uploadFile(conn.roomId, token, file, (progress) =>
        setUploads((list) => list.map((u) => (u.id === id ? { ...u, progress } : u))),
      );
    } catch (err) {
      showError(`${file.name}: ${describeError(err)}`);
    } finally {
      setUploads((list) => list.filter((u) => u.id !== id));
    }
  }

  function onChange(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = "";
    chosen.forEach((file) => void upload(file));
  }

  return (
    <section class="panel files" aria-labelledby="files-title">
      <h2 id="files-title">Files</h2>
      {!readOnly && (
        <div class="field">
          <label for="file-input" class="button secondary file-label">
            Share a file…
          </label>
          <input id="file-input" data-testid="file-input" type="file" multiple class="file-input" onChange={onChange} />
        </div>
      )}
      {uploads.map((u) => (
        <div class="upload" key={u.id}>
          <label for={`upload-${u.id}`}>Uploading {u.name}</label>
          <progress id={`upload-${u.id}`} data-testid="upload-progress" max={1} value={u.progress} />
        </div>
      ))}
      {files.length === 0 ? (
        <p class="hint">No files shared yet.</p>
      ) : (
        <ul class="file-list">
          {files.map((f) => (
            // The item carries the link's href as well, so it can be read from the item itself.
            <li key={f.file_id} class="file-item" data-testid="file-item" data-file-id={f.file_id} {...{ href: f.url }}>
              <a href={f.url} download={f.name} rel="noopener">
                <span class="file-name">{f.name}</span>
                <span class="file-size">{fileSize(f.size)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
