/**
 * The syncpack presence client: one ES module, no build step, no dependencies.
 *
 *   import { PresenceClient } from './presence-client.js';
 *   const presence = new PresenceClient({
 *     token: () => fetch('/api/dev-token?user=ada&workspace=acme').then(r => r.json()).then(j => j.token),
 *     channel: 'doc-1',
 *     state: { name: 'Ada' },
 *     onJoin: actor => console.log(actor.actorId, 'joined'),
 *     onLeave: actor => console.log(actor.actorId, 'left'),
 *   });
 *   presence.start();
 *
 * It speaks the sync wire protocol over one WebSocket: subscribes to the presence collection of
 * one channel, heartbeats at a third of the server's TTL, reconnects with exponential backoff and
 * jitter, resubscribes with `since` so a reconnect replays only what it missed, keeps one session
 * id per browser tab (a reload within the server's reconnect grace causes no leave and join), sends
 * the cursor at most once per 50 ms (always the latest value), and turns session rows into
 * actor-level events: an actor joins with its first session and leaves with its last.
 */

/** The close code of a missing, forged or expired token. */
export const CLOSE_UNAUTHORIZED = 4401;

const SUBSCRIPTION_ID = 'presence';
const SESSION_STORAGE_KEY = 'syncpack.presence.session';

/**
 * Applies an RFC 7386 JSON Merge Patch: objects merge key by key, `null` removes a key, anything
 * else replaces. Returns a new value; neither argument is changed.
 */
export function mergePatch(target, patch) {
  if (!isObject(patch)) {
    return patch;
  }
  const result = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The presence of one channel, grouped by actor. Feed it the snapshot and diff frames of a
 * presence subscription; each call returns the actor-level changes it caused. Pure: no I/O, no
 * clock.
 */
export class ActorRoster {
  #rows = new Map();
  /** The engine version of the last frame applied, or null before the first snapshot. */
  version = null;

  /**
   * Replaces every session with `rows`. Actors present before and after are updates (if their
   * sessions changed), never a leave and a join, so a snapshot after a reconnect does not flap.
   */
  applySnapshot(rows, version) {
    const before = this.#actorMap();
    this.#rows = new Map([...rows].sort(byHeartbeat).map(row => [row.id, row]));
    this.version = version ?? this.version;
    return this.#changesSince(before);
  }

  /**
   * Applies one diff: `added` and `changed` rows are stored whole, each `patched` entry (the row's
   * id and the fields that changed) is set on the row it names, `removed` rows are dropped.
   */
  applyDiff({ added = [], changed = [], patched = [], removed = [], version }) {
    const before = this.#actorMap();
    for (const row of removed) {
      this.#rows.delete(row.id);
    }
    for (const row of [...added, ...changed]) {
      this.#store(row);
    }
    for (const patch of patched) {
      const row = this.#rows.get(patch.id);
      if (row !== undefined) {
        this.#store({ ...row, ...patch });
      }
    }
    this.version = version ?? this.version;
    return this.#changesSince(before);
  }

  /** @returns {Actor[]} every actor present, ordered by when it joined */
  get actors() {
    return [...this.#actorMap().values()].sort((a, b) => a.joinedAt - b.joinedAt || compare(a.actorId, b.actorId));
  }

  /** @returns {Actor|undefined} */
  actor(actorId) {
    return this.#actorMap().get(actorId);
  }

  /** Stores a row last, so the rows stay in the order they last changed. */
  #store(row) {
    this.#rows.delete(row.id);
    this.#rows.set(row.id, row);
  }

  #actorMap() {
    const sessions = new Map();
    for (const row of this.#rows.values()) {
      if (!sessions.has(row.actorId)) {
        sessions.set(row.actorId, []);
      }
      sessions.get(row.actorId).push(row);
    }
    const actors = new Map();
    for (const [actorId, rows] of sessions) {
      actors.set(actorId, toActor(actorId, rows));
    }
    return actors;
  }

  #changesSince(before) {
    const after = this.#actorMap();
    const joined = [...after.values()].filter(actor => !before.has(actor.actorId));
    const left = [...before.values()].filter(actor => !after.has(actor.actorId));
    const updated = [...after.values()].filter(actor => before.has(actor.actorId)
      && signature(before.get(actor.actorId)) !== signature(actor));
    return { joined, left, updated };
  }
}

function byHeartbeat(a, b) {
  return (a.heartbeatAt ?? 0) - (b.heartbeatAt ?? 0);
}

/**
 * @typedef {object} Actor
 * @property {string} actorId who
 * @property {object[]} sessions the actor's session rows (one per device or tab), oldest first
 * @property {number} devices how many sessions
 * @property {object} state the state of the session that changed last (in a snapshot: that heartbeated last)
 * @property {number} joinedAt when the actor's oldest session joined (epoch ms)
 */
function toActor(actorId, rowsByChange) {
  const sessions = [...rowsByChange].sort((a, b) => (a.joinedAt ?? 0) - (b.joinedAt ?? 0) || compare(a.id, b.id));
  const latest = rowsByChange.at(-1);
  return Object.freeze({
    actorId,
    sessions,
    devices: sessions.length,
    state: latest.state ?? {},
    joinedAt: sessions[0].joinedAt ?? 0,
  });
}

function signature(actor) {
  return JSON.stringify(actor.sessions);
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @returns {string} an id that stays the same for this browser tab across reloads (sessionStorage
 *   is per tab), or a fresh one where there is no sessionStorage
 */
export function tabSessionId(storage = globalThis.sessionStorage) {
  const fresh = () => (globalThis.crypto?.randomUUID?.() ?? `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
  if (!storage) {
    return fresh();
  }
  let id = storage.getItem(SESSION_STORAGE_KEY);
  if (!id) {
    id = fresh();
    storage.setItem(SESSION_STORAGE_KEY, id);
  }
  return id;
}

/**
 * One channel's presence over one WebSocket. See the module comment for an example.
 *
 * Options:
 * - `token` (required): a token string, or a function returning one (or a promise of one); a
 *   function is called before every connect, so a reconnect after `4401` brings a fresh token.
 * - `channel` (required): the channel to be present in.
 * - `url`: the WebSocket address; default `/sync/ws` on the page's host.
 * - `prefix`: the presence pack's prefix; default ''.
 * - `state`: the initial state, e.g. `{ name: 'Ada' }`.
 * - `sessionId`: this tab's session id; default {@link tabSessionId}.
 * - `heartbeatIntervalMs`: fixed heartbeat interval; default a third of the TTL the server reports.
 * - `cursorIntervalMs` (50), `typingRefreshMs` (2000), `backoffInitialMs` (500), `backoffMaxMs` (10000).
 * - `onJoin(actor)`, `onLeave(actor)`, `onUpdate(actor)`, `onSync(actors)`, `onStatus(status)`,
 *   `onError(error)`: callbacks; status is 'connecting', 'open', 'reconnecting', 'unauthorized' or 'closed'.
 * - `WebSocket`, `scheduler` ({ setTimeout, clearTimeout, now, random }): for tests.
 */
export class PresenceClient {
  #options;
  #scheduler;
  #roster = new ActorRoster();
  #ws = null;
  #status = 'closed';
  #stopped = true;
  #attempt = 0;
  #reconnectTimer = null;
  #heartbeatTimer = null;
  #heartbeatIntervalMs;
  #mutationId = 0;
  #pending = new Map();
  #state;
  #active = true;
  #cursor;
  #cursorTimer = null;
  #cursorSentAt = -Infinity;
  #typing = false;
  #typingSentAt = -Infinity;

  constructor(options) {
    if (!options?.token) {
      throw new TypeError('PresenceClient needs a token (a string or a function returning one)');
    }
    if (!options.channel) {
      throw new TypeError('PresenceClient needs a channel');
    }
    this.#options = {
      prefix: '',
      cursorIntervalMs: 50,
      typingRefreshMs: 2000,
      backoffInitialMs: 500,
      backoffMaxMs: 10000,
      WebSocket: globalThis.WebSocket,
      ...options,
    };
    this.#scheduler = {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: handle => globalThis.clearTimeout(handle),
      now: () => Date.now(),
      random: () => Math.random(),
      ...options.scheduler,
    };
    this.sessionId = options.sessionId ?? tabSessionId();
    this.#state = { ...(options.state ?? {}) };
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 10000;
  }

  /** @returns {string} 'connecting', 'open', 'reconnecting', 'unauthorized' or 'closed' */
  get status() {
    return this.#status;
  }

  /** @returns {Actor[]} the actors present, ordered by when they joined */
  get actors() {
    return this.#roster.actors;
  }

  /** @returns {object} this session's state as last set */
  get state() {
    return this.#state;
  }

  /** Connects; does nothing when already started. */
  start() {
    if (this.#stopped) {
      this.#stopped = false;
      this.#attempt = 0;
      this.#connect();
    }
  }

  /**
   * Disconnects for good. With `{ leave: true }` the session leaves the channel at once;
   * otherwise the server keeps it for its reconnect grace (what a page reload wants).
   */
  stop({ leave = false } = {}) {
    this.#stopped = true;
    this.#scheduler.clearTimeout(this.#reconnectTimer);
    this.#scheduler.clearTimeout(this.#cursorTimer);
    this.#cursorTimer = null;
    this.#stopHeartbeat();
    if (this.#isOpen()) {
      if (leave) {
        this.#mutate('presence:leave', this.#sessionArgs());
      }
      this.#ws.close(1000, leave ? 'left' : 'client stopped');
    }
    this.#ws = null;
    this.#dropPending();
    this.#setStatus('closed');
  }

  /**
   * Merges `patch` into this session's state (RFC 7386: `null` removes a key) and sends it now.
   * While disconnected it is kept and sent with the state on reconnect.
   *
   * @returns {Promise<object|undefined>} the session row as stored, or undefined when it was not
   *   sent now or the server refused it (reported through onError)
   */
  patchState(patch) {
    this.#state = mergePatch(this.#state, patch);
    return this.#heartbeat({ state: patch });
  }

  /** Reports whether the user is active here (e.g. the tab is visible); sent with a heartbeat now. */
  setActive(active) {
    this.#active = Boolean(active);
    this.#heartbeat({});
  }

  /** Moves this session's cursor; sent at most once per `cursorIntervalMs`, always the latest value. */
  setCursor(cursor) {
    this.#cursor = cursor;
    if (this.#cursorTimer !== null) {
      return;
    }
    const wait = this.#cursorSentAt + this.#options.cursorIntervalMs - this.#scheduler.now();
    if (wait <= 0) {
      this.#sendCursor();
    } else {
      this.#cursorTimer = this.#scheduler.setTimeout(() => {
        this.#cursorTimer = null;
        this.#sendCursor();
      }, wait);
    }
  }

  /** Says whether this session is typing; repeated `true` calls refresh it before the server clears it. */
  setTyping(typing) {
    const now = this.#scheduler.now();
    if (typing === this.#typing && (!typing || now - this.#typingSentAt < this.#options.typingRefreshMs)) {
      return;
    }
    this.#typing = Boolean(typing);
    if (this.#isOpen()) {
      this.#typingSentAt = now;
      this.#mutate('presence:typing', { ...this.#sessionArgs(), typing: this.#typing });
    }
  }

  async #connect() {
    this.#setStatus(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    let token;
    try {
      token = typeof this.#options.token === 'function' ? await this.#options.token() : this.#options.token;
    } catch (error) {
      this.#report({ code: 'UNAVAILABLE', message: `could not get a token: ${error?.message ?? error}` });
      this.#reconnectLater();
      return;
    }
    if (this.#stopped) {
      return;
    }
    const url = this.#options.url ?? defaultUrl();
    const ws = new this.#options.WebSocket(`${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`);
    this.#ws = ws;
    ws.onopen = () => this.#opened(ws);
    ws.onmessage = event => this.#receive(ws, event.data);
    ws.onclose = event => this.#closed(ws, event.code, event.reason);
  }

  #opened(ws) {
    if (ws !== this.#ws) {
      return;
    }
    const subscribe = {
      type: 'subscribe',
      id: SUBSCRIPTION_ID,
      collection: `${this.#options.prefix}presence`,
      params: { channel: this.#options.channel },
      patches: true,
    };
    if (this.#roster.version !== null) {
      subscribe.since = this.#roster.version;
    }
    this.#send(ws, subscribe);
    this.#heartbeat({ state: this.#state, replace: true });
    if (this.#cursor !== undefined) {
      this.#sendCursor();
    }
    this.#typing = false;
  }

  #receive(ws, data) {
    if (ws !== this.#ws) {
      return;
    }
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      this.#report({ code: 'BAD_FRAME', message: 'the server sent a frame that is not JSON' });
      return;
    }
    switch (frame.type) {
      case 'snapshot':
        this.#subscribed();
        this.#emit(this.#roster.applySnapshot(frame.rows ?? [], frame.version));
        break;
      case 'diff':
        this.#subscribed();
        this.#emit(this.#roster.applyDiff(frame));
        break;
      case 'ack':
        this.#settle(frame.mutationId, pending => pending.resolve(frame.result));
        break;
      case 'reject':
        this.#settle(frame.mutationId, pending => pending.reject(frame.error));
        break;
      case 'error':
        if (typeof frame.mutationId === 'number') {
          this.#settle(frame.mutationId, pending => pending.reject(frame.error));
        } else {
          this.#report(frame.error);
        }
        break;
      default:
        break;
    }
  }

  /** The first frame of a (re)subscription, a snapshot or a catch-up diff, means the connection works. */
  #subscribed() {
    this.#attempt = 0;
    this.#setStatus('open');
  }

  #closed(ws, code, reason) {
    if (ws !== this.#ws) {
      return;
    }
    this.#ws = null;
    this.#stopHeartbeat();
    this.#dropPending();
    if (this.#stopped) {
      return;
    }
    if (code === CLOSE_UNAUTHORIZED && typeof this.#options.token !== 'function') {
      this.#stopped = true;
      this.#setStatus('unauthorized');
      this.#report({ code: 'UNAUTHORIZED', message: reason || 'the server refused the token' });
      return;
    }
    this.#reconnectLater();
  }

  #reconnectLater() {
    if (this.#stopped) {
      return;
    }
    this.#setStatus('reconnecting');
    const ceiling = Math.min(this.#options.backoffMaxMs, this.#options.backoffInitialMs * 2 ** this.#attempt);
    const delay = ceiling / 2 + this.#scheduler.random() * ceiling / 2;
    this.#attempt += 1;
    this.#reconnectTimer = this.#scheduler.setTimeout(() => this.#connect(), delay);
  }

  #heartbeat(extra) {
    if (!this.#isOpen()) {
      return Promise.resolve(undefined);
    }
    this.#stopHeartbeat();
    this.#heartbeatTimer = this.#scheduler.setTimeout(() => this.#heartbeat({}), this.#heartbeatIntervalMs);
    return this.#mutate('presence:heartbeat', { ...this.#sessionArgs(), active: this.#active, ...extra })
      .then(row => {
        this.#learnInterval(row);
        return row;
      });
  }

  /** The server's TTL is expiresAt - heartbeatAt of the row a heartbeat returns; beat three times per TTL. */
  #learnInterval(row) {
    if (this.#options.heartbeatIntervalMs === undefined && row?.expiresAt > row?.heartbeatAt) {
      this.#heartbeatIntervalMs = Math.max(1000, Math.floor((row.expiresAt - row.heartbeatAt) / 3));
    }
  }

  #stopHeartbeat() {
    this.#scheduler.clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  #sendCursor() {
    if (!this.#isOpen()) {
      return;
    }
    this.#cursorSentAt = this.#scheduler.now();
    this.#mutate('presence:cursor', { ...this.#sessionArgs(), cursor: this.#cursor });
  }

  #sessionArgs() {
    return { channel: this.#options.channel, session: this.sessionId };
  }

  /**
   * Sends a mutation; the promise resolves to its result, or to undefined when it was rejected
   * (reported through onError, or answered by re-joining when the session was gone) or the
   * connection closed first.
   */
  #mutate(name, args) {
    const mutationId = ++this.#mutationId;
    this.#send(this.#ws, { type: 'mutate', mutationId, name: `${this.#options.prefix}${name}`, args });
    return new Promise(resolve => this.#pending.set(mutationId, {
      resolve,
      reject: error => {
        resolve(undefined);
        this.#rejected(name, error);
      },
    }));
  }

  #rejected(name, error) {
    if (error?.code === 'NOT_FOUND' && name !== 'presence:heartbeat') {
      this.#heartbeat({ state: this.#state, replace: true });
    } else {
      this.#report(error);
    }
  }

  #settle(mutationId, action) {
    const pending = this.#pending.get(mutationId);
    if (pending) {
      this.#pending.delete(mutationId);
      action(pending);
    }
  }

  #dropPending() {
    for (const pending of this.#pending.values()) {
      pending.resolve(undefined);
    }
    this.#pending.clear();
  }

  #send(ws, frame) {
    ws?.send(JSON.stringify(frame));
  }

  #isOpen() {
    return this.#ws !== null && this.#ws.readyState === 1;
  }

  #emit({ joined, left, updated }) {
    const { onJoin, onLeave, onUpdate, onSync } = this.#options;
    joined.forEach(actor => onJoin?.(actor));
    left.forEach(actor => onLeave?.(actor));
    updated.forEach(actor => onUpdate?.(actor));
    onSync?.(this.#roster.actors);
  }

  #setStatus(status) {
    if (status !== this.#status) {
      this.#status = status;
      this.#options.onStatus?.(status);
    }
  }

  #report(error) {
    this.#options.onError?.(error);
  }
}

function defaultUrl() {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/sync/ws`;
}
