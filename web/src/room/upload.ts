// Uploads one file to a room with XMLHttpRequest (fetch cannot report upload progress): the
// raw bytes as the body, the name in X-Filename (percent-encoded), the bearer token.
import { parseResponse } from "../lib/api";
import type { SharedFile } from "../lib/types";

export function uploadFile(
  roomId: string,
  token: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<SharedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/rooms/${encodeURIComponent(roomId)}/files`);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("X-Filename", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        const body = parseResponse<{ file: SharedFile }>(xhr.status, xhr.getResponseHeader("Retry-After"), xhr.responseText);
        onProgress(1);
        resolve(body.file);
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => {
      try {
        parseResponse(0, null, "");
      } catch (err) {
        reject(err);
      }
    };
    xhr.send(file);
  });
}
