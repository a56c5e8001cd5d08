// Drives a Watthub hub with the real Home Assistant client, home-assistant-js-websocket
// (HAWS), the library the HA frontend and many integrations use.
//
//   node haws_client.mjs SCENARIO '<json input>'
//
// Input: {"url": "http://127.0.0.1:PORT", "token": "<long-lived token>", ...}.
// Output: JSON lines on stdout. `{"mark": NAME}` lines tell the Python test that the
// script reached a point where the test has to act (restart the hub); the last line is
// `{"result": {...}}` (exit 0) or `{"error": "...", "partial": {...}}` (exit 1). Every
// wait is bounded, and the whole script gives up after `timeout` seconds (default 20).

import WebSocket from "ws";
import {
  Auth,
  ERR_CANNOT_CONNECT,
  ERR_CONNECTION_LOST,
  ERR_HASS_HOST_REQUIRED,
  ERR_INVALID_AUTH,
  ERR_INVALID_HTTPS_TO_HTTP,
  callService,
  createConnection,
  createLongLivedTokenAuth,
  getConfig,
  getServices,
  getStates,
  getUser,
  subscribeEntities,
} from "home-assistant-js-websocket";

// Node < 22 has no global WebSocket; HAWS expects one (as in a browser).
globalThis.WebSocket ??= WebSocket;

const [scenario, rawInput = "{}"] = process.argv.slice(2);
const input = JSON.parse(rawInput);
const partial = {}; // what was found so far, reported even on failure
const warnings = [];
console.warn = (...args) => warnings.push(args.map(String).join(" "));

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// The last line, then exit once it is flushed (pipes are asynchronous on some systems).
let finished = false;
function finish(obj, code) {
  if (finished) return;
  finished = true;
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify(obj) + "\n", () => process.exit(code));
}

function fail(message) {
  finish({ error: message, partial, warnings }, 1);
}

const deadline = setTimeout(
  () => fail(`scenario ${scenario} timed out after ${input.timeout ?? 20} s`),
  (input.timeout ?? 20) * 1000,
);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolve with predicate()'s value once it is truthy (polled every 10 ms); reject, naming
// `what`, after `ms`.
async function waitFor(what, predicate, ms = 5000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = predicate();
    if (value) return value;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// REST helper (the Python test hands over the same token the socket uses).
async function rest(method, path, body) {
  const response = await fetch(`${input.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${input.token}`,
      "Content-Type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// Record what the hub sends on the connection's current socket, below HAWS: frame shapes
// (arrays after coalescing), results and events. Re-attached after reconnects.
function tapSocket(conn, log) {
  const attach = () => {
    conn.socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      log.frames += 1;
      if (Array.isArray(data)) log.arrays += 1;
      for (const message of Array.isArray(data) ? data : [data]) {
        log.messages.push({ at: Date.now(), ...message });
      }
    });
  };
  attach();
  conn.addEventListener("ready", attach);
}

function newLog() {
  return { frames: 0, arrays: 0, messages: [] };
}

function entitySummary(entity) {
  return entity && {
    state: entity.state,
    attributes: entity.attributes,
    context: entity.context,
    last_changed: entity.last_changed,
    last_updated: entity.last_updated,
  };
}

// -- scenarios --------------------------------------------------------------------------

async function longLived() {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(input.url, input.token) });
  const log = newLog();
  tapSocket(conn, log);
  partial.haVersion = conn.haVersion;

  const states = await getStates(conn);
  partial.states = states.map((s) => s.entity_id);
  const config = await getConfig(conn);
  partial.config = config;
  const services = await getServices(conn);
  partial.serviceDomains = Object.keys(services).sort();
  partial.switchTurnOn = services.switch?.turn_on ?? null;
  const user = await getUser(conn);
  partial.user = user;

  // subscribe_entities through the HAWS entity collection.
  let entities;
  let updates = 0;
  const unsubscribe = subscribeEntities(conn, (value) => {
    entities = value;
    updates += 1;
  });
  await waitFor("the initial entities", () => entities);
  partial.initialEntities = Object.keys(entities).sort();
  partial.initialWashingMachine = entitySummary(entities["switch.washing_machine"]);

  // A diff applied by HAWS: the washing machine switch turns on.
  if (entities["switch.washing_machine"].state === "on") {
    await callService(conn, "switch", "turn_off", undefined, {
      entity_id: "switch.washing_machine",
    });
    await waitFor("the washing machine off", () => entities["switch.washing_machine"].state === "off");
  }
  const turnOn = await callService(conn, "switch", "turn_on", undefined, {
    entity_id: "switch.washing_machine",
  });
  partial.turnOnResult = turnOn;
  await waitFor("the washing machine on", () => entities["switch.washing_machine"].state === "on");
  partial.washingMachineAfterTurnOn = entitySummary(entities["switch.washing_machine"]);

  // Addition, change and removal of a state written through REST.
  partial.created = await rest("POST", "/api/states/sensor.js_test", {
    state: "42",
    attributes: { unit_of_measurement: "W", friendly_name: "JS test", stale: true },
  });
  await waitFor("sensor.js_test added", () => entities["sensor.js_test"]?.state === "42");
  partial.added = entitySummary(entities["sensor.js_test"]);
  partial.updated = await rest("POST", "/api/states/sensor.js_test", {
    state: "43",
    attributes: { unit_of_measurement: "W", friendly_name: "JS test" },
  });
  await waitFor("sensor.js_test changed", () => entities["sensor.js_test"]?.state === "43");
  partial.changed = entitySummary(entities["sensor.js_test"]);
  partial.deleted = await rest("DELETE", "/api/states/sensor.js_test");
  await waitFor("sensor.js_test removed", () => !("sensor.js_test" in entities));
  partial.removed = !("sensor.js_test" in entities);
  partial.finalEntities = Object.keys(entities).sort();
  partial.updates = updates;

  // What the hub sent for the subscription: the diff kinds, and whether the
  // supported_features command (id 1, sent by HAWS itself) succeeded.
  const entityEvents = log.messages.filter(
    (m) => m.type === "event" && m.event && ("a" in m.event || "c" in m.event || "r" in m.event),
  );
  partial.diffKinds = [...new Set(entityEvents.flatMap((m) => Object.keys(m.event)))].sort();
  partial.removalEvents = entityEvents.filter((m) => m.event.r).map((m) => m.event);
  partial.supportedFeaturesResult = log.messages.find((m) => m.id === 1) ?? null;
  partial.frames = { frames: log.frames, arrays: log.arrays, messages: log.messages.length };

  unsubscribe();
  conn.close();
  return partial;
}

async function accessToken() {
  const base = {
    hassUrl: input.url,
    clientId: input.clientId,
    access_token: input.tokens.access_token,
    refresh_token: input.tokens.refresh_token,
    expires_in: input.tokens.expires_in,
    token_type: input.tokens.token_type,
  };

  // 1. A valid access token from the OAuth flow.
  const fresh = new Auth({ ...base, expires: Date.now() + base.expires_in * 1000 });
  const conn = await createConnection({ auth: fresh });
  partial.freshUser = await getUser(conn);
  partial.freshStates = (await getStates(conn)).length;
  conn.close();

  // 2. An expired one: HAWS refreshes it at /auth/token before authenticating. The stale
  // token is garbage, so connecting proves the refreshed one was used.
  const saved = [];
  const expired = new Auth(
    { ...base, access_token: "stale-token", expires: Date.now() - 60_000 },
    (data) => saved.push(data),
  );
  partial.expiredBefore = expired.expired;
  const conn2 = await createConnection({ auth: expired });
  partial.refreshed = {
    saves: saved.length,
    accessTokenChanged: expired.accessToken !== "stale-token",
    accessTokenIsJwt: expired.accessToken.split(".").length === 3,
    refreshTokenKept: expired.data.refresh_token === base.refresh_token,
    expiresIn: expired.data.expires_in,
    expiredAfter: expired.expired,
    tokenType: expired.data.token_type,
    keys: Object.keys(saved[0] ?? {}).sort(),
  };
  partial.refreshedUser = await getUser(conn2);

  // 3. Revoking the refresh token closes the socket, and the reconnect is refused
  // (auth_invalid), which HAWS reports as "reconnect-error".
  const seen = [];
  conn2.addEventListener("disconnected", () => seen.push("disconnected"));
  conn2.addEventListener("reconnect-error", () => seen.push("reconnect-error"));
  await expired.revoke();
  await waitFor("the reconnect to be refused", () => seen.includes("reconnect-error"), 8000);
  partial.afterRevoke = seen;
  conn2.close();
  return partial;
}

async function serviceResponse() {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(input.url, input.token) });
  const services = await getServices(conn);
  partial.described = services.js_test ?? null;
  partial.echo = await callService(
    conn,
    "js_test",
    "echo",
    { text: "hello", number: 7 },
    { entity_id: "switch.fridge" },
    true,
  );
  partial.countWithResponse = await callService(conn, "js_test", "count", undefined, undefined, true);
  partial.countWithout = await callService(conn, "js_test", "count");
  partial.echoWithoutResponse = await callService(conn, "js_test", "echo", { text: "x" }).then(
    (result) => ({ result }),
    (error) => ({ error }),
  );
  partial.noResponseService = await callService(
    conn,
    "switch",
    "turn_on",
    undefined,
    { entity_id: "switch.media" },
    true,
  ).then(
    (result) => ({ result }),
    (error) => ({ error }),
  );
  conn.close();
  return partial;
}

async function events() {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(input.url, input.token) });
  const log = newLog();
  tapSocket(conn, log);
  const received = [];
  const unsubscribe = await conn.subscribeEvents((event) => received.push(event), "state_changed");
  for (let i = 0; i < 3; i++) {
    await rest("POST", "/api/states/sensor.js_events", { state: String(i) });
  }
  await waitFor("three state_changed events", () =>
    received.filter((e) => e.data.entity_id === "sensor.js_events").length >= 3,
  );
  const ours = received.filter((e) => e.data.entity_id === "sensor.js_events");
  partial.events = ours.map((e) => ({
    event_type: e.event_type,
    origin: e.origin,
    old_state: e.data.old_state?.state ?? null,
    new_state: e.data.new_state?.state ?? null,
    keys: Object.keys(e).sort(),
    context: e.context,
  }));
  partial.eventTypes = [...new Set(received.map((e) => e.event_type))];
  partial.received = received.length;

  await unsubscribe();
  const unsubscribedAt = Date.now();
  const countAtUnsubscribe = received.length;
  for (let i = 3; i < 6; i++) {
    await rest("POST", "/api/states/sensor.js_events", { state: String(i) });
  }
  await rest("DELETE", "/api/states/sensor.js_events");
  // Give the hub time to (wrongly) deliver more; a ping proves the socket still works
  // and that anything sent before its pong has arrived.
  await sleep(300);
  await conn.ping();
  partial.afterUnsubscribe = {
    callbacks: received.length - countAtUnsubscribe,
    eventFrames: log.messages.filter((m) => m.type === "event" && m.at >= unsubscribedAt).length,
  };
  partial.warnings = warnings;
  conn.close();
  return partial;
}

async function reconnect() {
  const conn = await createConnection({ auth: createLongLivedTokenAuth(input.url, input.token) });
  const log = newLog();
  tapSocket(conn, log);
  const lifecycle = [];
  let readyAt = 0;
  conn.addEventListener("disconnected", () => lifecycle.push("disconnected"));
  conn.addEventListener("ready", () => {
    lifecycle.push("ready");
    readyAt = Date.now();
  });
  let entities;
  subscribeEntities(conn, (value) => {
    entities = value;
  });
  await waitFor("the initial entities", () => entities);
  partial.entitiesBefore = Object.keys(entities).length;

  emit({ mark: "subscribed" });
  const stopAt = Date.now();
  await waitFor("the disconnect", () => lifecycle.includes("disconnected"), 8000);
  await waitFor("the reconnect", () => lifecycle.includes("ready"), 15000);
  partial.reconnectSeconds = (readyAt - stopAt) / 1000;
  partial.lifecycle = lifecycle;

  // HAWS re-subscribed by itself: the hub sends the full snapshot again...
  const snapshot = await waitFor("a fresh snapshot", () =>
    log.messages.find((m) => m.type === "event" && m.at >= readyAt && m.event?.a),
  );
  partial.snapshotEntities = Object.keys(snapshot.event.a).sort();
  partial.resubscribeCommands = log.messages.filter((m) => m.at >= readyAt && m.type === "result")
    .length;
  // ...and the subscription is live: a new state and a service call show up.
  await rest("POST", "/api/states/sensor.js_after_restart", { state: "back" });
  await waitFor("sensor.js_after_restart", () => entities["sensor.js_after_restart"]?.state === "back");
  const target = entities["switch.media"].state === "on" ? "turn_off" : "turn_on";
  await callService(conn, "switch", target, undefined, { entity_id: "switch.media" });
  const wanted = target === "turn_off" ? "off" : "on";
  await waitFor("switch.media to follow", () => entities["switch.media"].state === wanted);
  partial.afterRestart = {
    js: entities["sensor.js_after_restart"].state,
    media: entities["switch.media"].state,
  };
  partial.connected = conn.connected;
  conn.close();
  return partial;
}

const SCENARIOS = {
  "long-lived": longLived,
  "access-token": accessToken,
  "service-response": serviceResponse,
  events,
  reconnect,
};

const run = SCENARIOS[scenario];
try {
  if (!run) throw new Error(`unknown scenario ${scenario}; one of ${Object.keys(SCENARIOS)}`);
  finish({ result: await run(), warnings }, 0);
} catch (err) {
  // HAWS rejects with numeric codes (connect/auth) or HA error objects (commands).
  const codes = {
    [ERR_CANNOT_CONNECT]: "ERR_CANNOT_CONNECT",
    [ERR_INVALID_AUTH]: "ERR_INVALID_AUTH",
    [ERR_CONNECTION_LOST]: "ERR_CONNECTION_LOST",
    [ERR_HASS_HOST_REQUIRED]: "ERR_HASS_HOST_REQUIRED",
    [ERR_INVALID_HTTPS_TO_HTTP]: "ERR_INVALID_HTTPS_TO_HTTP",
  };
  fail(err instanceof Error ? err.stack : (codes[err] ?? JSON.stringify(err)));
}
