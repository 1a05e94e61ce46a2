// The presence page: signs in through /api/dev-token and draws what PresenceClient reports.
import { PresenceClient } from './presence-client.js';

const IDENTITY_KEY = 'syncpack.presence.identity';
const TYPING_IDLE_MS = 1500;
const INSPECT_EVERY_MS = 2000;

const $ = id => document.getElementById(id);
let presence = null;
let me = null;
let typingIdle = null;

/** 'Ada Lovelace' -> 'ada-lovelace': the same name in two windows is one person on two devices. */
function userIdOf(name) {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'guest';
}

/** A stable color per actor: FNV-1a of the id picks the hue. */
function colorOf(actorId) {
  let hash = 0x811c9dc5;
  for (const char of actorId) {
    hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
  }
  return `hsl(${hash % 360}, 62%, 44%)`;
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map(part => [...part][0].toUpperCase()).join('') || '?';
}

function nameOf(actor) {
  return String(actor.state.name ?? actor.actorId);
}

/** busy if any device says so; online if any device is visible and not away; away otherwise. */
function statusOf(actor) {
  if (actor.sessions.some(session => session.state?.status === 'busy')) {
    return 'busy';
  }
  return actor.sessions.some(session => !session.state?.hidden && session.activity !== 'away') ? 'online' : 'away';
}

function typingText(names) {
  if (names.length === 0) {
    return '';
  }
  if (names.length === 1) {
    return `${names[0]} is typing…`;
  }
  if (names.length === 2) {
    return `${names[0]} and ${names[1]} are typing…`;
  }
  return `${names.length} people are typing…`;
}

function tokenFor(identity) {
  return async () => {
    const query = new URLSearchParams({ user: identity.userId, workspace: identity.workspace, name: identity.name });
    const response = await fetch(`/api/dev-token?${query}`);
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error);
    }
    return body.token;
  };
}

function join(identity) {
  me = identity;
  localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
  $('sign-in').hidden = true;
  $('room').hidden = false;
  $('where').hidden = false;
  $('workspace-name').textContent = identity.workspace;
  $('channel-switch').value = identity.channel;
  presence = new PresenceClient({
    token: tokenFor(identity),
    channel: identity.channel,
    state: { name: identity.name, status: $('status').value, hidden: document.hidden },
    onSync: render,
    onStatus: showStatus,
    onError: error => console.warn('presence:', error?.code, error?.message),
  });
  presence.setActive(!document.hidden);
  presence.start();
  refreshInspect();
}

function leave() {
  presence?.stop({ leave: true });
  presence = null;
  render([]);
}

function showStatus(status) {
  const banner = $('banner');
  const text = {
    reconnecting: 'Connection lost — reconnecting…',
    unauthorized: 'The server refused the token; sign in again.',
  }[status];
  banner.hidden = !text;
  banner.textContent = text ?? '';
}

function render(actors) {
  renderAvatars(actors);
  renderCursors(actors);
  const typing = actors.filter(actor => actor.actorId !== me?.userId
    && actor.sessions.some(session => session.state?.typing === true));
  $('typing').textContent = typingText(typing.map(nameOf));
  $('people-count').textContent = actors.length === 1 ? '1 person' : `${actors.length} people`;
}

function renderAvatars(actors) {
  const list = $('avatars');
  list.replaceChildren(...actors.map(actor => {
    const status = statusOf(actor);
    const item = element('li', { className: 'avatar', title: `${nameOf(actor)} · ${status}` });
    item.dataset.actor = actor.actorId;
    item.dataset.status = status;
    item.classList.toggle('you', actor.actorId === me?.userId);
    item.style.setProperty('--color', colorOf(actor.actorId));
    const face = element('span', { className: 'face', textContent: initials(nameOf(actor)) });
    if (actor.devices > 1) {
      face.append(element('span', { className: 'devices', textContent: String(actor.devices), title: `${actor.devices} devices` }));
    }
    face.append(element('span', { className: `dot ${status}` }));
    const label = actor.actorId === me?.userId ? `${nameOf(actor)} (you)` : nameOf(actor);
    item.append(face, element('span', { className: 'label', textContent: label }));
    return item;
  }));
}

function renderCursors(actors) {
  const board = $('board');
  const wanted = new Map();
  for (const actor of actors) {
    for (const session of actor.sessions) {
      const cursor = session.state?.cursor;
      if (session.sessionId !== presence?.sessionId && isPoint(cursor)) {
        wanted.set(session.id, { actor, cursor });
      }
    }
  }
  for (const node of board.querySelectorAll('.cursor')) {
    if (!wanted.has(node.dataset.session)) {
      node.remove();
    }
  }
  for (const [sessionRowId, { actor, cursor }] of wanted) {
    let node = [...board.querySelectorAll('.cursor')].find(n => n.dataset.session === sessionRowId);
    if (!node) {
      node = cursorElement(actor);
      node.dataset.session = sessionRowId;
      board.append(node);
    }
    node.querySelector('.name').textContent = nameOf(actor);
    node.style.left = `${(cursor.x * 100).toFixed(2)}%`;
    node.style.top = `${(cursor.y * 100).toFixed(2)}%`;
    node.dataset.x = cursor.x.toFixed(2);
    node.dataset.y = cursor.y.toFixed(2);
  }
}

function isPoint(cursor) {
  return cursor !== null && typeof cursor === 'object' && Number.isFinite(cursor.x) && Number.isFinite(cursor.y);
}

function cursorElement(actor) {
  const node = element('div', { className: 'cursor' });
  node.dataset.actor = actor.actorId;
  node.style.setProperty('--color', colorOf(actor.actorId));
  node.innerHTML = '<svg viewBox="0 0 18 18" aria-hidden="true"><path d="M1 1 L1 15 L5 11 L8 17 L10 16 L7 10 L13 10 Z"'
    + ' fill="currentColor" stroke="#fff" stroke-width="1"/></svg>';
  node.querySelector('svg').style.color = colorOf(actor.actorId);
  node.append(element('span', { className: 'name' }));
  return node;
}

function element(tag, properties) {
  return Object.assign(document.createElement(tag), properties);
}

async function refreshInspect() {
  const summary = $('inspect-summary');
  if ($('room').hidden) {
    return;
  }
  try {
    const response = await fetch('/sync/inspect');
    if (!response.ok) {
      summary.replaceChildren(...row('inspect', `HTTP ${response.status}: needs the admin token`));
      return;
    }
    const engine = await response.json();
    const cleanup = engine.schedules[0];
    summary.replaceChildren(
      ...row('version', String(engine.version)),
      ...row('packs', engine.packs.map(pack => `${pack.name} ${pack.version}`).join(', ')),
      ...row('subscriptions', engine.collections.map(c => `${c.name}: ${c.subscriptions}`).join(', ')),
      ...row('mutations', engine.mutations.join(', ')),
      ...row('cleanup', cleanup ? describeSchedule(cleanup) : 'none'),
      ...row('recent', `${engine.recentChanges.length} changes`),
    );
  } catch (error) {
    summary.replaceChildren(...row('inspect', 'server unreachable'));
  }
}

function describeSchedule(schedule) {
  const last = schedule.lastRun ? `last ${schedule.lastRun.outcome}` : 'not run yet';
  const next = schedule.nextFireAt ? `, next in ${Math.max(0, Math.round((schedule.nextFireAt - Date.now()) / 1000))}s` : '';
  return `${schedule.cron} — ${last}${next}`;
}

function row(term, description) {
  return [element('dt', { textContent: term }), element('dd', { textContent: description })];
}

function wire() {
  $('sign-in').addEventListener('submit', event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const name = String(form.get('name')).trim();
    const workspace = String(form.get('workspace')).trim();
    const channel = String(form.get('channel')).trim();
    if (!name || !workspace || !channel) {
      $('sign-in-error').textContent = 'Name, workspace and channel are all needed.';
      return;
    }
    join({ name, userId: userIdOf(name), workspace, channel });
  });
  $('sign-out').addEventListener('click', () => {
    leave();
    localStorage.removeItem(IDENTITY_KEY);
    $('room').hidden = true;
    $('where').hidden = true;
    $('sign-in').hidden = false;
  });
  $('channel-switch').addEventListener('change', event => {
    const channel = event.target.value.trim();
    if (channel && channel !== me.channel) {
      leave();
      join({ ...me, channel });
    }
  });
  $('status').addEventListener('change', event => presence?.patchState({ status: event.target.value }));
  document.addEventListener('visibilitychange', () => {
    presence?.setActive(!document.hidden);
    presence?.patchState({ hidden: document.hidden });
  });
  const board = $('board');
  board.addEventListener('pointermove', event => {
    const box = board.getBoundingClientRect();
    presence?.setCursor({ x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height });
  });
  board.addEventListener('pointerleave', () => presence?.setCursor(null));
  const message = $('message');
  message.addEventListener('input', () => {
    presence?.setTyping(true);
    clearTimeout(typingIdle);
    typingIdle = setTimeout(() => presence?.setTyping(false), TYPING_IDLE_MS);
  });
  message.addEventListener('blur', () => presence?.setTyping(false));
  setInterval(refreshInspect, INSPECT_EVERY_MS);
}

wire();
const saved = localStorage.getItem(IDENTITY_KEY);
if (saved) {
  join(JSON.parse(saved));
}
