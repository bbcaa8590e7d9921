// File sharing end to end (seed 003, DESIGN.md sections 3-5, docs/rooms-api.md "Files"):
// uploads as raw bodies and multipart forms, file-shared to the room, signed downloads that
// round-trip the bytes, the refusals (401, 403, 404, 400, 413), names sanitised and never used
// as paths, dangerous types downloaded as attachments, files in the join-room state.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  UUID_RE,
  api,
  assertError,
  assertStatus,
  createRoom,
  enterRoom,
  it,
  joinRoom,
  randomUUID,
  rawRequest,
  signup,
  softly,
  startServer,
  useServer,
  waitFor,
} from "./helpers.mjs";

const JWT_SECRET = "integration-test-secret-files-0123456789";
let server;

before(async () => {
  server = await startServer({ args: ["--jwt-secret", JWT_SECRET] });
});
after(async () => {
  await server?.stop();
});

// The server's URL signature, computed independently: HMAC-SHA256 with a key derived from the
// JWT secret, over "<file id>:<exp>", base64url.
const FILE_URL_KEY = createHmac("sha256", JWT_SECRET).update("carrel-file-urls").digest();
const signFor = (id, exp) => createHmac("sha256", FILE_URL_KEY).update(`${id}:${exp}`).digest("base64url");
const nowSeconds = () => Math.floor(Date.now() / 1000);
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), randomBytes(2000)]);

/** A fresh room with a participant (joined over REST). */
async function roomWithMember(name = "sharer") {
  const user = await signup(name);
  const room = await createRoom(user.token, { capacity: 10 });
  await joinRoom(user.token, room.id);
  return { user, room };
}

function uploadRaw(token, roomId, bytes, name, headers = {}) {
  const named = name === undefined ? {} : { "X-Filename": name };
  return api("POST", `/api/rooms/${roomId}/files`, bytes, token, {
    headers: { "Content-Type": "application/octet-stream", ...named, ...headers },
  });
}

/** A multipart/form-data upload built by hand, so that any filename bytes can be sent. */
function uploadMultipart(token, roomId, bytes, filename, { boundary = `b${randomBytes(8).toString("hex")}` } = {}) {
  const head = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\nhello\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
    Buffer.isBuffer(filename) ? filename : Buffer.from(filename),
    Buffer.from(`"\r\nContent-Type: text/html\r\n\r\n`),
  ]);
  const body = Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return api("POST", `/api/rooms/${roomId}/files`, body, token, {
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
  });
}

async function download(url) {
  const res = await fetch(`${server.url}${url}`, { signal: AbortSignal.timeout(10000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const headers = Object.fromEntries(res.headers);
  let body = bytes.toString("utf8");
  if ((headers["content-type"] ?? "").includes("json")) body = JSON.parse(body);
  return { status: res.status, headers, bytes, body };
}

function assertFile(file, expected, what) {
  assert.match(String(file.file_id), UUID_RE, `${what}: file_id is a UUID`);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(file[key], value, `${what}: ${key}`);
  assert.match(String(file.url), /^\/api\/files\/[0-9a-f-]{36}\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/, `${what}: url`);
}

/** Every file under `dir`, relative to it. */
function walk(dir, prefix = "") {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const rel = path.join(prefix, entry);
    if (statSync(path.join(dir, entry)).isDirectory()) out.push(...walk(path.join(dir, entry), rel));
    else out.push(rel);
  }
  return out;
}

it("raw upload: 201 {success, file}, file-shared with a new version reaches the room, the download round-trips the bytes", async () => {
  const { user, room } = await roomWithMember();
  const watcher = await signup("watcher");
  await joinRoom(watcher.token, room.id);
  const { socket } = await enterRoom(server.port, room.id, watcher);
  const versionBefore = (await api("GET", `/api/rooms/${room.id}`)).body.room.version;
  const shared = waitFor(socket, "file-shared");
  const res = await uploadRaw(user.token, room.id, PNG, "diagram.png");
  const body = assertStatus(res, 201, "raw upload");
  assert.equal(body.success, true);
  assertFile(body.file, { name: "diagram.png", size: PNG.length, content_type: "image/png", user_id: user.id }, "answer");
  const event = await shared;
  assertFile(event, { file_id: body.file.file_id, name: "diagram.png", size: PNG.length, content_type: "image/png", user_id: user.id }, "event");
  assert.ok(event.version > versionBefore, `file-shared carries a new version (${event.version} > ${versionBefore})`);

  const got = await download(body.file.url);
  assert.equal(got.status, 200);
  assert.ok(got.bytes.equals(PNG), "the bytes round-trip exactly");
  assert.equal(got.headers["content-type"], "image/png");
  assert.equal(got.headers["content-length"], String(PNG.length));
  assert.equal(got.headers["x-content-type-options"], "nosniff");
  assert.match(got.headers["content-disposition"], /^inline; filename="diagram\.png"; filename\*=UTF-8''diagram\.png$/);
  assert.ok((await download(event.url)).bytes.equals(PNG), "the event's URL works too, without a token");
});

it("multipart upload (FormData, as a browser sends it): unicode name kept, text sniffed, bytes round-trip", async () => {
  const { user, room } = await roomWithMember();
  const text = "Notizen: Grüße, 中文, emoji 😀\nline two\n";
  const form = new FormData();
  form.append("comment", "not the file");
  form.append("file", new Blob([text], { type: "application/x-evil" }), "résumé 中文.txt");
  const res = await fetch(`${server.url}/api/rooms/${room.id}/files`, {
    method: "POST",
    headers: { Authorization: `Bearer ${user.token}` },
    body: form,
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  assertFile(body.file, { name: "résumé 中文.txt", size: Buffer.byteLength(text), content_type: "text/plain; charset=utf-8" }, "answer");
  const got = await download(body.file.url);
  assert.equal(got.bytes.toString("utf8"), text);
  assert.equal(got.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(
    got.headers["content-disposition"],
    `inline; filename="r_sum_ __.txt"; filename*=UTF-8''${encodeURIComponent("résumé 中文.txt")}`,
  );
});

it("a 3 MiB binary multipart upload round-trips byte for byte", async () => {
  const { user, room } = await roomWithMember();
  const bytes = randomBytes(3 * 1024 * 1024);
  const res = await uploadMultipart(user.token, room.id, bytes, "blob.bin");
  const body = assertStatus(res, 201, "multipart upload");
  assert.equal(body.file.size, bytes.length);
  assert.equal(body.file.content_type, "application/octet-stream");
  const got = await download(body.file.url);
  assert.equal(got.status, 200);
  assert.ok(got.bytes.equals(bytes), "identical bytes");
  assert.match(got.headers["content-disposition"], /^attachment; /);
});

it("uploads answer 401 without a valid token, 404 ROOM_NOT_FOUND for unknown rooms and 403 NOT_PARTICIPANT for others", async () => {
  const { user, room } = await roomWithMember();
  const outsider = await signup("outsider");
  const soft = softly();
  for (const [what, token] of [["no token", undefined], ["garbage token", "garbage"]]) {
    await soft.check(what, async () => assertError(await uploadRaw(token, room.id, Buffer.from("hi"), "a.txt"), 401, "UNAUTHORIZED"));
  }
  await soft.check("unknown room id", async () => assertError(await uploadRaw(user.token, randomUUID(), Buffer.from("hi"), "a.txt"), 404, "ROOM_NOT_FOUND"));
  await soft.check("not a room id", async () => assertError(await uploadRaw(user.token, "nope", Buffer.from("hi"), "a.txt"), 404, "ROOM_NOT_FOUND"));
  await soft.check("raw upload by a non-participant", async () => assertError(await uploadRaw(outsider.token, room.id, Buffer.from("hi"), "a.txt"), 403, "NOT_PARTICIPANT"));
  await soft.check("multipart upload by a non-participant", async () => assertError(await uploadMultipart(outsider.token, room.id, Buffer.from("hi"), "a.txt"), 403, "NOT_PARTICIPANT"));
  await soft.check("listing by a non-participant", async () => assertError(await api("GET", `/api/rooms/${room.id}/files`, undefined, outsider.token), 403, "NOT_PARTICIPANT"));
  await soft.check("nothing was stored", async () => {
    const listed = assertStatus(await api("GET", `/api/rooms/${room.id}/files`, undefined, user.token), 200);
    assert.deepEqual(listed.files, []);
  });
  soft.done();
});

it("empty files, missing names and malformed multipart bodies are 400 VALIDATION_ERROR", async () => {
  const { user, room } = await roomWithMember();
  const b = "XyZ";
  const post = (body, contentType) =>
    api("POST", `/api/rooms/${room.id}/files`, Buffer.from(body), user.token, { headers: { "Content-Type": contentType } });
  const cases = [
    ["empty raw body", () => uploadRaw(user.token, room.id, Buffer.alloc(0), "empty.txt")],
    ["empty multipart file", () => uploadMultipart(user.token, room.id, Buffer.alloc(0), "empty.txt")],
    ["raw body without X-Filename", () => uploadRaw(user.token, room.id, Buffer.from("data"), undefined)],
    ["multipart without a boundary", () => post("--x\r\n", "multipart/form-data")],
    ["multipart without a file part", () => post(`--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${b}--\r\n`, `multipart/form-data; boundary=${b}`)],
    ["multipart not terminated", () => post(`--${b}\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\ndata`, `multipart/form-data; boundary=${b}`)],
    ["multipart with LF line ends", () => post(`--${b}\nContent-Disposition: form-data; name="f"; filename="a"\n\ndata\n--${b}--\n`, `multipart/form-data; boundary=${b}`)],
    ["multipart part without Content-Disposition", () => post(`--${b}\r\nContent-Type: text/plain\r\n\r\ndata\r\n--${b}--\r\n`, `multipart/form-data; boundary=${b}`)],
    ["another multipart type", () => post(`--${b}\r\n\r\n--${b}--`, `multipart/mixed; boundary=${b}`)],
  ];
  const soft = softly();
  for (const [what, send] of cases) await soft.check(what, async () => assertError(await send(), 400, "VALIDATION_ERROR"));
  soft.done();
});

it("path traversal names are sanitised for display and nothing is written outside <data-dir>/uploads", async () => {
  const { user, room } = await roomWithMember();
  const dataDir = server.dataDir;
  const parent = path.dirname(dataDir);
  const before = new Set(walk(dataDir).filter((f) => !f.startsWith("uploads")));
  const parentBefore = new Set(readdirSync(parent));
  const raw = [
    ["../../etc/passwd", "passwd"],
    ["..\\x", "x"],
    ["/etc/shadow", "shadow"],
    ["C:\\Windows\\win.ini", "win.ini"],
    ["..", "file"],
    ["a%00b%2F..%2F..%2Fc.txt", "c.txt"],
    [encodeURIComponent("../../tmp/über.txt"), "über.txt"],
  ];
  const multipart = [
    [Buffer.from("../../../../../../etc/cron.d/evil"), "evil"],
    [Buffer.from("..\\..\\boot.ini"), "boot.ini"],
    [Buffer.from("nul\u0000byte.txt"), "nulbyte.txt"],
    [Buffer.from("/absolute/path.txt"), "path.txt"],
    [Buffer.from("tab\tand\x1bescape.txt"), "tabandescape.txt"],
  ];
  const soft = softly();
  const ids = [];
  for (const [name, shown] of raw) {
    await soft.check(`X-Filename ${JSON.stringify(name)}`, async () => {
      const body = assertStatus(await uploadRaw(user.token, room.id, Buffer.from(`content of ${name}`), name), 201);
      assert.equal(body.file.name, shown);
      ids.push(body.file.file_id);
    });
  }
  for (const [name, shown] of multipart) {
    await soft.check(`multipart filename ${JSON.stringify(name.toString())}`, async () => {
      const body = assertStatus(await uploadMultipart(user.token, room.id, Buffer.from("x"), name), 201);
      assert.equal(body.file.name, shown);
      ids.push(body.file.file_id);
    });
  }
  await soft.check("the data dir holds only the uploads by id", async () => {
    const after = walk(dataDir);
    const uploads = after.filter((f) => f.startsWith(`uploads${path.sep}`)).map((f) => f.slice(8));
    for (const id of ids) assert.ok(uploads.includes(id), `uploads/${id} exists`);
    for (const f of uploads) assert.match(f, UUID_RE, `only file ids under uploads/ (found ${f})`);
    const added = after.filter((f) => !f.startsWith("uploads") && !before.has(f) && !/^carrel\.db/.test(f));
    assert.deepEqual(added, [], "no other file appeared in the data dir");
    const parentAdded = readdirSync(parent).filter((f) => !parentBefore.has(f) && ["passwd", "shadow", "x", "etc", "evil", "c.txt"].includes(f));
    assert.deepEqual(parentAdded, [], "nothing appeared next to the data dir");
    assert.ok(!existsSync(path.join(dataDir, "etc")), "no etc/ inside the data dir");
  });
  soft.done();
});

it("HTML, SVG and XML uploads download as attachments of type application/octet-stream with nosniff", async () => {
  const { user, room } = await roomWithMember();
  const uploads = [
    ["page.html", "<!doctype html><html><script>alert(document.cookie)</script></html>"],
    ["image.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'],
    ["disguised.png", "<html><body onload=alert(1)>not a png</body></html>"],
    ["data.xml", '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'],
    ["app.js", "alert(1)"],
  ];
  const soft = softly();
  for (const [name, content] of uploads) {
    await soft.check(name, async () => {
      const res = await uploadRaw(user.token, room.id, Buffer.from(content), name, { "Content-Type": "text/html" });
      const body = assertStatus(res, 201);
      assert.equal(body.file.content_type, "application/octet-stream");
      const got = await download(body.file.url);
      assert.equal(got.status, 200);
      assert.equal(got.headers["content-type"], "application/octet-stream");
      assert.match(got.headers["content-disposition"], /^attachment; filename="/);
      assert.equal(got.headers["x-content-type-options"], "nosniff");
      assert.equal(got.bytes.toString("utf8"), content);
    });
  }
  soft.done();
});

it("downloads: expired links 403 URL_EXPIRED, tampered ones 403 INVALID_SIGNATURE, unknown files 404 FILE_NOT_FOUND", async () => {
  const { user, room } = await roomWithMember();
  const body = assertStatus(await uploadRaw(user.token, room.id, Buffer.from("secret notes"), "notes.txt"), 201);
  const id = body.file.file_id;
  const url = new URL(body.file.url, server.url);
  const exp = Number(url.searchParams.get("exp"));
  const sig = url.searchParams.get("sig");
  const soft = softly();
  await soft.check("the signature is the documented HMAC", async () => assert.equal(sig, signFor(id, exp)));
  await soft.check("links live about an hour", async () => assert.ok(Math.abs(exp - nowSeconds() - 3600) < 120, `exp ${exp}`));
  await soft.check("a correctly signed expired link", async () => {
    const past = nowSeconds() - 10;
    assertError(await download(`/api/files/${id}?exp=${past}&sig=${signFor(id, past)}`), 403, "URL_EXPIRED");
  });
  const tampered = `${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`;
  const bad = [
    ["a changed signature", `/api/files/${id}?exp=${exp}&sig=${tampered}`],
    ["a later expiry", `/api/files/${id}?exp=${exp + 3600}&sig=${sig}`],
    ["an expired time with a bad signature", `/api/files/${id}?exp=1&sig=${sig}`],
    ["no signature", `/api/files/${id}?exp=${exp}`],
    ["no query", `/api/files/${id}`],
    ["another file's signature", `/api/files/${randomUUID()}?exp=${exp}&sig=${sig}`],
    ["a signature made with the JWT secret itself", `/api/files/${id}?exp=${exp}&sig=${createHmac("sha256", JWT_SECRET).update(`${id}:${exp}`).digest("base64url")}`],
  ];
  for (const [what, link] of bad) await soft.check(what, async () => assertError(await download(link), 403, "INVALID_SIGNATURE"));
  await soft.check("a validly signed unknown id", async () => {
    const unknown = randomUUID();
    assertError(await download(`/api/files/${unknown}?exp=${exp}&sig=${signFor(unknown, exp)}`), 404, "FILE_NOT_FOUND");
  });
  await soft.check("a validly signed id that is not a UUID", async () => {
    assertError(await download(`/api/files/nope?exp=${exp}&sig=${signFor("nope", exp)}`), 404, "FILE_NOT_FOUND");
  });
  await soft.check("the original link still works without a token", async () => {
    const got = await download(body.file.url);
    assert.equal(got.status, 200);
    assert.equal(got.bytes.toString(), "secret notes");
  });
  soft.done();
});

it("files are listed newest first and appear in the join-room state with working URLs", async () => {
  const { user, room } = await roomWithMember();
  const first = assertStatus(await uploadRaw(user.token, room.id, Buffer.from("one"), "one.txt"), 201).file;
  const second = assertStatus(await uploadRaw(user.token, room.id, PNG, "two.png"), 201).file;
  const listed = assertStatus(await api("GET", `/api/rooms/${room.id}/files`, undefined, user.token), 200);
  assert.deepEqual(listed.files.map((f) => f.file_id), [second.file_id, first.file_id]);

  const joiner = await signup("joiner");
  await joinRoom(joiner.token, room.id);
  const { ack } = await enterRoom(server.port, room.id, joiner);
  const files = ack.state.files;
  assert.ok(Array.isArray(files), `state.files is an array: ${JSON.stringify(ack.state).slice(0, 300)}`);
  assert.deepEqual(files.map((f) => f.file_id), [second.file_id, first.file_id]);
  assertFile(files[0], { name: "two.png", size: PNG.length, content_type: "image/png", user_id: user.id }, "state");
  assert.ok((await download(files[0].url)).bytes.equals(PNG), "the state's URL downloads the file");
  assert.equal((await download(files[1].url)).bytes.toString(), "one");
});

it("uploads over --max-upload are refused 413 PAYLOAD_TOO_LARGE, declared or chunked; smaller ones pass", async () => {
  const small = await startServer({ args: ["--jwt-secret", JWT_SECRET, "--max-upload", "1KiB"] });
  try {
    const { user, room } = await roomWithMember("limited");
    const headers = { Authorization: `Bearer ${user.token}`, "Content-Type": "application/octet-stream", "X-Filename": "big.bin" };
    const soft = softly();
    await soft.check("2 KiB with Content-Length", async () => {
      assertError(await rawRequest("POST", `/api/rooms/${room.id}/files`, randomBytes(2048), headers, small), 413, "PAYLOAD_TOO_LARGE");
    });
    await soft.check("2 KiB chunked", async () => {
      const chunked = { ...headers, "Transfer-Encoding": "chunked" };
      assertError(await rawRequest("POST", `/api/rooms/${room.id}/files`, randomBytes(2048), chunked, small), 413, "PAYLOAD_TOO_LARGE");
    });
    await soft.check("1 KiB exactly is accepted", async () => {
      const res = await rawRequest("POST", `/api/rooms/${room.id}/files`, randomBytes(1024), headers, small);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });
    soft.done();
  } finally {
    await small.stop();
    useServer(server);
  }
});
