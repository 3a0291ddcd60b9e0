// The GitHub side of the issue intake (.github/workflows/intake.yml), run by
// actions/github-script with the workflow's token. Nothing here runs project code or
// reads the issue's text: it reads the intake job's artifact (a manifest, the report
// and the files it wrote) as untrusted data, and talks to the GitHub API.
//
//   gate    – may this event change the submission? (the author, or a maintainer editing;
//             never on a closed or locked issue; within the author's limits, else one
//             polite answer)
//   refresh – at the start of the intake job: waits for the author's earlier form issues
//             still being answered (one profile for a new artist), then the issue as it
//             is now, as the event file the intake reads (an older run that starts late
//             processes the newest text)
//   publish – commit the files to intake/issue-<n>, open or update one pull request
//             that closes the issue, push the phone previews to the `previews` branch,
//             keep one report comment on the issue (with the previews) and one check
//             comment on the pull request
//   answer  – when anything before failed: say so in the same report comment
//   cleanup – when the issue is closed: close the pull request, delete the branch and
//             the issue's previews
//
// Every write to the report comment carries the issue's `updated_at` of the state it
// answers (a hidden line). A run never replaces a comment that answers a newer state:
// whatever order GitHub runs the jobs in, the comment ends with the newest accepted
// text, answered once (see the workflow's header).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ISSUE_MARKER = '<!-- altavoz-intake -->';
const CHECK_MARKER = '<!-- altavoz-report -->'; // the same comment comment.yml keeps
const MAX_TEXT = 60000; // GitHub refuses comments over 65536 characters
const MAX_FILE = 25 * 1024 * 1024; // the image size limit of the site
const MAX_FILES = 40;
const MAINTAINER_PERMISSIONS = new Set(['admin', 'maintain', 'write']);
// The label the issue forms put on (.github/ISSUE_TEMPLATE/*.yml): the intake only
// speaks unasked on issues that carry it, so a bug report never hears about submissions.
const FORM_LABEL = 'envío';
// Limits per author; the repository variables of the same names change them.
const MAX_OPEN_ISSUES = 3; // open issues processed at once (the oldest ones)
const MAX_EVENTS_PER_HOUR = 10; // issue events that start this workflow
const WORKFLOW_FILE = 'intake.yml'; // whose runs count the events
// The names a submission folder may hold, as the check decides them (written from the
// Python core by altavoz_submit/name_rules.py; a test keeps the two equal).
const NAME_RULES = JSON.parse(fs.readFileSync(path.join(__dirname, 'name-rules.json'), 'utf8'));
const FOLDER = new RegExp(`^(?:${NAME_RULES.folder.pattern})$`);
const SPACE = new Set(NAME_RULES.space.map((code) => String.fromCodePoint(code)));
// The hidden line that dates the report comment: the issue's updated_at it answers.
const STAMP = /^<!-- altavoz-answered (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z) -->$/;
const STAMP_START = '<!-- altavoz-answered';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SHA256 = /^[0-9a-f]{64}$/;
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/; // SHA-1 or SHA-256 repositories
// The phone previews: a branch that is never merged, one folder per issue. Only the
// publish and cleanup jobs write it (a fork's run has no token that can).
const PREVIEWS_BRANCH = 'previews';
const PREVIEW_FILES = [ // what `invoke preview-shots` writes, by kind: the names are ours
  { kind: 'work', name: 'work.jpg', type: 'jpg' },
  { kind: 'card', name: 'card.jpg', type: 'jpg' },
];
const MAX_PREVIEW = 1024 * 1024; // each picture is made under 400 KB; anything bigger is not ours
const MAGIC = { jpg: Buffer.from([0xff, 0xd8, 0xff]), png: Buffer.from('89504e470d0a1a0a', 'hex') };
const PREVIEWS_README = [
  '# Vistas previas / Previews',
  '',
  'Imágenes de teléfono de los envíos abiertos, para los comentarios de sus issues. Esta rama',
  'nunca se fusiona; la escribe solo `.github/workflows/intake.yml` y se vacía al cerrar',
  'cada issue. / Phone pictures of open submissions, for their issues\' comments. This',
  'branch is never merged; only `.github/workflows/intake.yml` writes it, and each',
  'issue\'s folder is removed when the issue is closed.',
  '',
].join('\n');
const PUSH_ATTEMPTS = 5; // other issues' runs may move the previews branch meanwhile
// One author's form issues are taken in one after the other, in the order of their
// numbers (see `waitForEarlier`): the intake job's refresh step waits at most WAIT_LIMIT
// for the lower ones (the step's own limit in intake.yml is a minute more), asking every
// WAIT_POLL. An unanswered issue not touched for WAIT_RECENT has no run under way (a
// run's jobs end well before) and is not waited for.
const WAIT_LIMIT = 10 * 60 * 1000;
const WAIT_POLL = 20 * 1000;
const WAIT_RECENT = 2 * 60 * 60 * 1000;
const ANSWER_PAGES = 3; // pages of 100 comments read to find our answer on another issue
const REAL_TIMER = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((done) => { setTimeout(done, ms); }),
};

function branchFor(number) {
  return `intake/issue-${number}`;
}

function issueNumber(context) {
  const number = context.payload.issue && context.payload.issue.number;
  if (!Number.isInteger(number) || number < 1) throw new Error('not an issue event');
  return number;
}

function readSmall(dir, name, limit) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return null;
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) throw new Error(`${name} is not a regular file`);
  if (stat.size > limit) return null;
  return fs.readFileSync(file, 'utf8');
}

// Text from the artifact: no hidden markers (nor the start of the dating line, which a
// comment written without a date would otherwise take from its text, answering "2099"
// for ever), no @mentions, capped. The markers go until none is left: removed once, one
// written inside another («<!-- altavoz<!-- altavoz-answered-answered …») would be
// joined back by its own removal.
const OUR_MARKERS = [ISSUE_MARKER, CHECK_MARKER, STAMP_START];

function withoutMarkers(text) {
  let before;
  let after = text;
  do {
    before = after;
    after = OUR_MARKERS.reduce((kept, marker) => kept.split(marker).join(''), before);
  } while (after !== before);
  return after;
}

function quoted(text) {
  return withoutMarkers(String(text || ''))
    .replace(/@/g, '@\u200b')
    .slice(0, MAX_TEXT)
    .trim();
}

// What GitHub links or acts on in plain text (a pull request's title, a commit message),
// as altavoz_moderation.report.md_text lists it: mentions, #4 and GH-4 references,
// scheme: and www. addresses. A closing keyword ("fixes #4") in a commit message closes
// that issue once the commit reaches the default branch, and a squash merge makes the
// pull request's title a commit message. A word joiner after the trigger breaks each.
const TRIGGERS = /@|#(?=\w)|:(?=\S)|(?<![\w.])www(?=\.)|(?<!\w)gh(?=-\d)/giu;

// One line of the artifact's text (a title, a login) as inert plain text, at most `limit`
// characters (whole ones: half an emoji is no text GitHub takes).
function oneLine(text, limit) {
  const line = String(text || '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return Array.from(line).slice(0, limit).join('').replace(TRIGGERS, (found) => `${found}\u2060`);
}

// A comment of ours: written by a bot (no person can post as one) and starting with `marker`.
function isMarked(comment, marker) {
  return Boolean(comment && comment.user && comment.user.type === 'Bot' &&
    String(comment.body || '').startsWith(marker));
}

// The bot's comments on an issue or pull request that start with `marker`, oldest first.
async function markedComments(github, owner, repo, issue_number, marker) {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner, repo, issue_number, per_page: 100,
  });
  return comments.filter((c) => isMarked(c, marker));
}

// Of our report comments (two when two jobs wrote the first answer at the same moment:
// the gate's answer over a limit and a publish), the one answering the newest state; the
// oldest of them on a tie, so that every job picks the same one.
function newestReport(reports) {
  let newest = null;
  for (const comment of reports) {
    if (!newest || stampOf(comment) > stampOf(newest)) newest = comment;
  }
  return newest;
}

async function findComment(github, owner, repo, issue_number, marker) {
  const found = await markedComments(github, owner, repo, issue_number, marker);
  return marker === ISSUE_MARKER ? newestReport(found) : found[0] || null;
}

async function upsertComment(github, owner, repo, issue_number, marker, body) {
  const ours = await findComment(github, owner, repo, issue_number, marker);
  if (ours) {
    if (ours.body === body) return;
    await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number, body });
  }
}

function validStamp(value) {
  return typeof value === 'string' && TIMESTAMP.test(value) ? value : '';
}

// The issue's updated_at the report comment answers ('' when it says none).
function stampOf(comment) {
  const match = STAMP.exec(String((comment && comment.body) || '').split('\n')[1] || '');
  return match ? match[1] : '';
}

// Whether the report comment already answers a newer state of the issue than `stamp`.
function answersNewer(comment, stamp) {
  const theirs = stampOf(comment);
  return Boolean(theirs && stamp && theirs > stamp);
}

// The one report comment on the issue, dated with `stamp`; nothing is written (false)
// when it already answers a newer state of the issue.
async function writeReport(github, owner, repo, number, text, stamp) {
  const reports = await markedComments(github, owner, repo, number, ISSUE_MARKER);
  const ours = newestReport(reports);
  if (answersNewer(ours, stamp)) return false;
  const dated = stamp ? [`<!-- altavoz-answered ${stamp} -->`] : [];
  const body = [ISSUE_MARKER, ...dated, text].join('\n');
  let created = !ours;
  if (ours && ours.body !== body) {
    try {
      await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
    } catch (error) { // removed meanwhile by another job's tidying: answer anew
      if (error.status !== 404) throw error;
      created = true;
    }
  }
  if (created) await github.rest.issues.createComment({ owner, repo, issue_number: number, body });
  // Two jobs that both found no answer both wrote one; an earlier such pair may be there
  // too. Every job that writes keeps only the report answering the newest state, so the
  // artist reads one answer, the newest.
  const now = created || reports.length > 1
    ? await markedComments(github, owner, repo, number, ISSUE_MARKER)
    : [];
  const kept = newestReport(now);
  for (const comment of now) {
    if (comment === kept) continue;
    try {
      await github.rest.issues.deleteComment({ owner, repo, comment_id: comment.id });
    } catch (error) {
      if (error.status !== 404) throw error; // another job removed it first
    }
  }
  return true;
}

function bodyHash(body) {
  return crypto.createHash('sha256').update(String(body || ''), 'utf8').digest('hex');
}

// ---------------------------------------------------------------- names (the check's rule)

// Python's str.strip(): the white space NAME_RULES.space lists, at both ends.
function pyStrip(text) {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && SPACE.has(chars[start])) start += 1;
  while (end > start && SPACE.has(chars[end - 1])) end -= 1;
  return chars.slice(start, end).join('');
}

// con, nul, lpt1… whatever the extension (altavoz_core.slugs.is_windows_reserved).
function isReserved(name) {
  return NAME_RULES.reserved.includes(pyStrip(name.split('.')[0]).toLowerCase());
}

// An artist's or a work's folder (altavoz_core.slugs.is_folder_name).
function isFolderName(name) {
  return typeof name === 'string' && name.length <= NAME_RULES.folder.max_length &&
    FOLDER.test(name) && !isReserved(name);
}

// Python's PurePath(name).suffix: from the last dot, unless the name starts or ends there.
function suffix(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot) : '';
}

// A file the check lets a submission folder hold (a junk file is only a warning there).
function isFileName(name) {
  const rules = NAME_RULES.file;
  if (typeof name !== 'string' || name === '' || name.includes('/') || name.includes('\0')) return false;
  if (Buffer.byteLength(name, 'utf8') > rules.max_bytes) return false;
  if (name === rules.index) return true;
  const lowered = name.toLowerCase();
  if (rules.junk.includes(lowered) || lowered.startsWith(rules.junk_prefix)) return true;
  if (name.startsWith('.') || isReserved(name)) return false;
  return rules.image_extensions.includes(suffix(name).toLowerCase());
}

// A path the manifest may name: a file right inside a work's, an artist's or an event's
// folder (an event's is not named like a page of the agenda: AV258).
function isSubmissionFile(file) {
  if (typeof file !== 'string') return false;
  const parts = file.split('/');
  if (parts[0] !== 'content') return false;
  if (parts[1] === 'works' && parts.length === 5) {
    return isFolderName(parts[2]) && isFolderName(parts[3]) && isFileName(parts[4]);
  }
  if (parts[1] === 'artists' && parts.length === 4) {
    return isFolderName(parts[2]) && isFileName(parts[3]);
  }
  if (parts[1] === 'events' && parts.length === 4) {
    return isFolderName(parts[2]) && !NAME_RULES.event_reserved.includes(parts[2]) &&
      isFileName(parts[3]);
  }
  return false;
}

async function openPull(github, owner, repo, branch) {
  const { data } = await github.rest.pulls.list({
    owner, repo, head: `${owner}:${branch}`, state: 'open', per_page: 10,
  });
  return data.find((pull) => pull.head && pull.head.ref === branch) || null;
}

async function gate({ github, context, core }) {
  const { payload } = context;
  const author = payload.issue.user.login;
  const editor = payload.sender.login;
  let proceed = false;
  let editedBy = 'author';
  if (payload.action === 'opened') {
    proceed = true;
  } else if (payload.action === 'edited' || payload.action === 'reopened') {
    // Reopened: the closing took the pull request, its branch and pictures away, so the
    // submission is taken in again, if the author (or a maintainer) reopened it.
    if (payload.action === 'edited' && (!payload.changes || !payload.changes.body)) {
      core.notice('only the title changed: the submission stays as it is');
    } else if (editor.toLowerCase() === author.toLowerCase()) {
      proceed = true;
    } else {
      proceed = MAINTAINER_PERMISSIONS.has(await permissionOf(github, context, editor));
      editedBy = 'maintainer';
      if (!proceed) core.notice(`${editor} is neither the author nor a maintainer: edit ignored`);
    }
  }
  if (proceed) {
    // The issue as it is now, not as the event saw it (a run may wait in a queue).
    const issue = await currentIssue(github, context);
    if (issue.state !== 'open' || issue.locked) {
      core.notice('the issue is closed or locked: nothing is opened or posted');
      proceed = false;
    } else if (editedBy === 'author') {
      const refusal = await overLimit(github, context, author, payload.issue.number);
      if (refusal) {
        core.notice(`${author} is over the intake's limits: this event is not processed`);
        proceed = false;
        if (await isFormIssue(github, context, issue)) await answerOnce(github, context, refusal);
      }
    }
  }
  core.setOutput('proceed', proceed ? 'true' : 'false');
  core.setOutput('edited-by', editedBy);
}

// The editor's permission on the repository; 'none' for an account GitHub does not know
// as a user (an app's bot, an account deleted since the edit): a failed gate would answer
// the artist that the intake broke, in place of the answer they have.
async function permissionOf(github, context, username) {
  const { owner, repo } = context.repo;
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    return data.permission;
  } catch (error) {
    if (error.status !== 404) throw error;
    return 'none';
  }
}

async function currentIssue(github, context) {
  const { owner, repo } = context.repo;
  const { data } = await github.rest.issues.get({ owner, repo, issue_number: issueNumber(context) });
  return data;
}

function hasFormLabel(issue) {
  return (issue.labels || []).some(
    (label) => String(typeof label === 'string' ? label : label.name).normalize('NFC') === FORM_LABEL,
  );
}

// An issue of ours: opened with a form (its label), or one we answered before, whose
// label a maintainer may have removed or renamed since: its author still hears from us.
async function answeredBefore(github, context, issue) {
  const { owner, repo } = context.repo;
  return Boolean(await findComment(github, owner, repo, issue.number, ISSUE_MARKER));
}

async function isFormIssue(github, context, issue) {
  return hasFormLabel(issue) || answeredBefore(github, context, issue);
}

function limit(name, fallback) {
  const value = String(process.env[name] || '').trim();
  return /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : fallback;
}

// The answer when the author is over a limit, or '' when within both.
async function overLimit(github, context, author, number) {
  const { owner, repo } = context.repo;
  const maxEvents = limit('ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR', MAX_EVENTS_PER_HOUR);
  const maxOpen = limit('ALTAVOZ_INTAKE_MAX_OPEN_ISSUES', MAX_OPEN_ISSUES);
  // GET /repos/{owner}/{repo}/actions/workflows/intake.yml/runs?actor=…&event=issues&created=>=…
  // counts this run too, and the events the gate then ignored.
  const since = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { data: runs } = await github.rest.actions.listWorkflowRuns({
    owner, repo, workflow_id: WORKFLOW_FILE, actor: author, event: 'issues',
    created: `>=${since}`, per_page: 1,
  });
  if (runs.total_count > maxEvents) {
    return [
      `Recibimos muchos cambios tuyos en la última hora (más de ${maxEvents}). Para que el ` +
        'sistema siga disponible para todas las personas, este cambio no se procesó. ' +
        'Espera una hora y vuelve a editar este issue: lo revisaremos entonces. Lo que ya ' +
        'habías enviado sigue igual.',
      `We received many changes from you in the last hour (more than ${maxEvents}). To keep ` +
        'the system available to everyone, this change was not processed. Wait an hour and ' +
        'edit this issue again: it will be processed then. What you sent before is unchanged.',
    ].join('\n\n');
  }
  // GET /repos/{owner}/{repo}/issues?creator=…&state=open&sort=created&direction=asc: every
  // open issue counts (one written by hand in a form's shape is processed too); pull
  // requests are listed there as well and do not. Only the oldest ones are processed.
  const { data: listed } = await github.rest.issues.listForRepo({
    owner, repo, creator: author, state: 'open', sort: 'created', direction: 'asc', per_page: 100,
  });
  const oldest = listed.filter((issue) => !issue.pull_request).slice(0, maxOpen);
  if (oldest.some((issue) => issue.number === number)) return '';
  const others = oldest.map((issue) => `#${issue.number}`).join(', ');
  return [
    `Ya tienes ${maxOpen} envíos abiertos (${others}). Para que el equipo pueda revisarlos ` +
      `con calma, procesamos hasta ${maxOpen} a la vez por persona, así que este todavía no ` +
      'se procesó. Cuando se cierre alguno de ellos, edita este issue (cualquier cambio en ' +
      'el texto basta) y lo procesaremos. ¡Gracias por tu paciencia!',
    `You already have ${maxOpen} open submissions (${others}). So the team can review them ` +
      `carefully, we process up to ${maxOpen} at a time per person, so this one was not ` +
      'processed yet. When one of them is closed, edit this issue (any change to the text ' +
      'will do) and it will be processed. Thank you for your patience!',
  ].join('\n\n');
}

// The one report comment, left alone when it already says this (an author who keeps
// going over a limit is answered once) or answers a newer state of the issue.
async function answerOnce(github, context, text) {
  const { owner, repo } = context.repo;
  const stamp = validStamp(context.payload.issue.updated_at);
  await writeReport(github, owner, repo, issueNumber(context), text, stamp);
}

// A file of the artifact reached through real folders only (no symbolic link on the
// way), within `limit` bytes; null when it is not there.
function artifactFile(dir, parts, limit) {
  let current = dir;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return null;
    const last = index === parts.length - 1;
    if (last ? !stat.isFile() : !stat.isDirectory()) {
      throw new Error(`${parts.join('/')}: not a regular file of the artifact`);
    }
    if (last && stat.size > limit) throw new Error(`${parts.join('/')}: over ${limit} bytes`);
  }
  return fs.readFileSync(current);
}

function checkedFiles(dir, manifest) {
  const written = Array.isArray(manifest.written) ? manifest.written : [];
  const removed = Array.isArray(manifest.removed) ? manifest.removed : [];
  if (written.length + removed.length > MAX_FILES) throw new Error('too many files in the manifest');
  for (const file of [...written, ...removed]) {
    if (!isSubmissionFile(file)) {
      throw new Error(`refusing a path outside the submission folders: ${JSON.stringify(file)}`);
    }
  }
  const files = written.map((file) => {
    const content = artifactFile(dir, ['files', ...file.split('/')], MAX_FILE);
    if (content === null) throw new Error(`${file}: missing from the artifact`);
    return { file, content: content.toString('base64') };
  });
  return { files, removed: removed.filter((file) => !written.includes(file)) };
}

const PULL_TITLES = {
  new: 'Obra nueva', update: 'Cambio de obra', withdraw: 'Retiro de obra', event: 'Evento nuevo',
  event_update: 'Cambio de evento',
};

function pullTitle(manifest) {
  const title = oneLine(manifest.title, 80) || `#${manifest.issue}`;
  // The manifest's own keys only: an action named «constructor» or «toString» is no title.
  const action = typeof manifest.action === 'string' ? manifest.action : '';
  const what = Object.hasOwn(PULL_TITLES, action) ? PULL_TITLES[action] : 'Envío';
  return `${what}: ${title}`;
}

// The commit goes on top of the one the intake read (`read`: the run's own commit, which
// the intake job checked out), not on the default branch as it is now: the files are
// whole files as the intake wrote them from that commit, so put on a newer default branch
// they would silently take back whatever was merged meanwhile (another organizer's
// cancellation of the same event, another update of the work) and the pull request would
// show it as part of the artist's change. On that commit git sees both changes: the pull
// request merges them, or shows the conflict. Without it (no valid sha), the branch.
async function commitFiles(github, owner, repo, base, branch, manifest, changes, read) {
  let parent = typeof read === 'string' && COMMIT_SHA.test(read) ? read : null;
  if (parent === null) {
    const { data: ref } = await github.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
    parent = ref.object.sha;
  }
  const { data: parentCommit } = await github.rest.git.getCommit({ owner, repo, commit_sha: parent });
  const tree = [];
  for (const { file, content } of changes.files) {
    const { data: blob } = await github.rest.git.createBlob({ owner, repo, content, encoding: 'base64' });
    tree.push({ path: file, mode: '100644', type: 'blob', sha: blob.sha });
  }
  for (const file of changes.removed) {
    tree.push({ path: file, mode: '100644', type: 'blob', sha: null });
  }
  const { data: newTree } = await github.rest.git.createTree({
    owner, repo, base_tree: parentCommit.tree.sha, tree,
  });
  const { data: commit } = await github.rest.git.createCommit({
    owner, repo, tree: newTree.sha, parents: [parent],
    message: `${pullTitle(manifest)}\n\nPreparado desde el issue #${manifest.issue} / Prepared from issue #${manifest.issue}`,
  });
  try {
    await github.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    await github.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  } catch (error) {
    if (error.status !== 404) throw error;
    await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  }
  return commit.sha;
}

// ---------------------------------------------------------------- the phone previews

// The pictures `invoke preview-shots` left in the artifact, checked as untrusted data:
// only our own names, regular files, the bytes of a JPEG or PNG, within the size limit.
// Each is named on the branch by its content, so a comment never shows a stale copy.
function previewShots(dir) {
  const shots = [];
  for (const { kind, name, type } of PREVIEW_FILES) {
    const content = artifactFile(dir, ['previews', name], MAX_PREVIEW);
    if (content === null) continue;
    if (!content.subarray(0, MAGIC[type].length).equals(MAGIC[type])) {
      throw new Error(`previews/${name}: not a ${type.toUpperCase()} file`);
    }
    const hash = crypto.createHash('sha256').update(content).digest('hex').slice(0, 16);
    shots.push({ kind, name: `${kind}-${hash}.${type}`, content: content.toString('base64') });
  }
  return shots;
}

function previewFolder(number) {
  return `issue-${number}`;
}

// Where a picture of the previews branch is shown from: github.com serves the file with
// the reader's own access (a private repository's too), never through a third party.
function previewUrl(owner, repo, number, name) {
  const where = [owner, repo].map(encodeURIComponent).join('/');
  return `https://github.com/${where}/blob/${PREVIEWS_BRANCH}/${previewFolder(number)}/${name}?raw=true`;
}

// Replace the issue's folder on the previews branch with `shots` (none: remove it), in
// one commit on top of the branch as it is; made (with no history) when missing. Runs of
// other issues write the same branch: a move meanwhile makes the update refused (it is
// not a fast-forward), and the folder is written again on top of it.
async function writePreviews(github, owner, repo, number, shots) {
  const folder = previewFolder(number);
  let subtree = null;
  if (shots.length) {
    const entries = [];
    for (const shot of shots) {
      const { data: blob } = await github.rest.git.createBlob({
        owner, repo, content: shot.content, encoding: 'base64',
      });
      entries.push({ path: shot.name, mode: '100644', type: 'blob', sha: blob.sha });
    }
    ({ data: subtree } = await github.rest.git.createTree({ owner, repo, tree: entries }));
  }
  for (let attempt = 1; ; attempt += 1) {
    let head = null;
    try {
      const { data: ref } = await github.rest.git.getRef({ owner, repo, ref: `heads/${PREVIEWS_BRANCH}` });
      head = ref.object.sha;
    } catch (error) {
      if (error.status !== 404) throw error;
    }
    let kept = [];
    if (head) {
      const { data: commit } = await github.rest.git.getCommit({ owner, repo, commit_sha: head });
      const { data: tree } = await github.rest.git.getTree({ owner, repo, tree_sha: commit.tree.sha });
      if (tree.truncated) throw new Error(`the ${PREVIEWS_BRANCH} branch is too big to list`);
      if (!subtree && !tree.tree.some((entry) => entry.path === folder)) return; // nothing to remove
      kept = tree.tree.filter((entry) => entry.path !== folder)
        .map(({ path: name, mode, type, sha }) => ({ path: name, mode, type, sha }));
    } else if (!subtree) {
      return;
    }
    if (!kept.some((entry) => entry.path === 'README.md')) {
      const { data: readme } = await github.rest.git.createBlob({
        owner, repo, content: PREVIEWS_README, encoding: 'utf-8',
      });
      kept.push({ path: 'README.md', mode: '100644', type: 'blob', sha: readme.sha });
    }
    if (subtree) kept.push({ path: folder, mode: '040000', type: 'tree', sha: subtree.sha });
    const { data: tree } = await github.rest.git.createTree({ owner, repo, tree: kept });
    const what = subtree ? 'Vista previa del' : 'Sin vista previa del';
    const { data: commit } = await github.rest.git.createCommit({
      owner, repo, tree: tree.sha, parents: head ? [head] : [],
      message: `${what} issue #${number} / Preview of issue #${number}${subtree ? '' : ' removed'}`,
    });
    try {
      if (head) {
        await github.rest.git.updateRef({
          owner, repo, ref: `heads/${PREVIEWS_BRANCH}`, sha: commit.sha, force: false,
        });
      } else {
        await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${PREVIEWS_BRANCH}`, sha: commit.sha });
      }
      return;
    } catch (error) {
      if (error.status !== 422 || attempt >= PUSH_ATTEMPTS) throw error;
    }
  }
}

// The words publish adds to the intake's report, in the same language: the form's `lang`
// answer the manifest carries (English, or else Spanish, as the intake decides it), so
// an artist who chose English does not read Spanish first. What is said before the form
// was read (a failure, the gate's limits) stays in both languages. The pictures show a
// work (new or updated) or an event.
const WORDS = {
  es: {
    shown: '**Así se verá en un teléfono, antes de publicarse:**',
    none: {
      work: 'No pudimos preparar esta vez la imagen de cómo se verá tu obra; tu envío sigue ' +
        'su curso igual.',
      event: 'No pudimos preparar esta vez la imagen de cómo se verá tu evento; tu envío ' +
        'sigue su curso igual.',
    },
    alt: {
      work: { work: 'La página de tu obra en un teléfono', card: 'Tu obra en la galería, en un teléfono' },
      event: { work: 'La página de tu evento en un teléfono', card: 'Tu evento en la agenda, en un teléfono' },
    },
    pull: (n) => `Propuesta: #${n}`,
    kept: (n) => `La propuesta #${n} sigue con la versión anterior hasta que corrijas esto.`,
    details: 'Detalles',
  },
  en: {
    shown: '**How it will look on a phone, before it is published:**',
    none: {
      work: 'We could not make the picture of how your work will look this time; your ' +
        'submission goes on all the same.',
      event: 'We could not make the picture of how your event will look this time; your ' +
        'submission goes on all the same.',
    },
    alt: {
      work: { work: 'Your work\'s page on a phone', card: 'Your work in the gallery, on a phone' },
      event: { work: 'Your event\'s page on a phone', card: 'Your event in the agenda, on a phone' },
    },
    pull: (n) => `Pull request: #${n}`,
    kept: (n) => `Pull request #${n} keeps the previous version until you fix this.`,
    details: 'Details',
  },
};

function wordsFor(manifest) {
  return WORDS[manifest.lang === 'en' ? 'en' : 'es'];
}

// The previews part of the report: the pictures pushed and shown, or why there are none.
// A picture that could not be made or pushed never stops the submission.
async function previewSection(github, core, owner, repo, number, dir, action, words) {
  const what = action.startsWith('event') ? 'event' : 'work';
  let shots = [];
  try {
    shots = previewShots(dir);
    if (shots.length) await writePreviews(github, owner, repo, number, shots);
  } catch (error) {
    core.warning(`no previews on the issue: ${error.message}`);
    shots = [];
  }
  if (!shots.some((shot) => shot.kind === 'work')) return words.none[what];
  const pictures = shots.map((shot) => {
    const url = previewUrl(owner, repo, number, shot.name);
    return `<a href="${url}"><img src="${url}" width="180" alt="${words.alt[what][shot.kind]}"></a>`;
  });
  return [words.shown, '', pictures.join(' ')].join('\n');
}

// When the issue is closed: its pull request closed, its branch and previews gone.
async function retire(github, core, owner, repo, number) {
  const branch = branchFor(number);
  const pull = await openPull(github, owner, repo, branch);
  if (pull) {
    await github.rest.pulls.update({ owner, repo, pull_number: pull.number, state: 'closed' });
  }
  try {
    await github.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
  } catch (error) {
    if (error.status !== 404 && error.status !== 422) throw error;
    core.notice(`${branch} does not exist`);
  }
  await writePreviews(github, owner, repo, number, []);
}

// `updatedAt` and `bodySha256`: the issue as the refresh step read it (the intake job's
// outputs, written before any project code ran there).
async function publish({ github, context, core, dir, runUrl, checkStatus, updatedAt, bodySha256 }) {
  const { owner, repo } = context.repo;
  const number = issueNumber(context);
  const manifest = JSON.parse(readSmall(dir, 'manifest.json', 256 * 1024) || '{}');
  if (manifest.issue !== number) {
    core.setFailed('the intake artifact is not about this issue');
    return;
  }
  if (!['passed', 'errors'].includes(manifest.status)) {
    core.notice('not a submission form: nothing to do');
    return;
  }
  if (SHA256.test(String(bodySha256)) && 'body_sha256' in manifest && manifest.body_sha256 !== bodySha256) {
    core.setFailed('the intake artifact is not about the text the refresh step read');
    return;
  }
  const stamp = validStamp(updatedAt);
  const issue = await currentIssue(github, context);
  if (issue.state !== 'open' || issue.locked) {
    core.notice('the issue was closed or locked meanwhile: nothing is opened or posted');
    if (issue.state === 'closed') await retire(github, core, owner, repo, number);
    return;
  }
  // A run that GitHub started late, after a newer one answered: the newer answer stays.
  if (answersNewer(await findComment(github, owner, repo, number, ISSUE_MARKER), stamp)) {
    core.notice('a newer run already answered on the issue: nothing is changed');
    return;
  }
  const report = quoted(readSmall(dir, 'report.md', MAX_TEXT) || '');
  const branch = branchFor(number);
  const base = context.payload.repository.default_branch;
  let pull = await openPull(github, owner, repo, branch);

  if (manifest.status === 'passed') {
    const changes = checkedFiles(dir, manifest);
    const sha = await commitFiles(github, owner, repo, base, branch, manifest, changes, context.sha);
    // The report is untrusted data too: in the pull request's body a closing keyword before
    // a reference ("fixes #12") would close that issue when the pull request is merged.
    const body = [
      `Closes #${number}`,
      '',
      `Preparado por la intake desde el issue #${number} de @\u200b${oneLine(manifest.author, 39)}. / Prepared by the intake from issue #${number}.`,
      '',
      report.replace(TRIGGERS, (found) => `${found}\u2060`),
    ].join('\n');
    if (pull) {
      await github.rest.pulls.update({ owner, repo, pull_number: pull.number, title: pullTitle(manifest), body });
    } else {
      ({ data: pull } = await github.rest.pulls.create({
        owner, repo, head: branch, base, title: pullTitle(manifest), body,
      }));
    }
    const check = quoted(readSmall(dir, 'check.md', MAX_TEXT) || '');
    const verdict = checkStatus === '0'
      ? '✅ Sin errores / No errors'
      : '❌ La revisión encontró errores / The check found errors';
    await upsertComment(github, owner, repo, pull.number, CHECK_MARKER, [
      CHECK_MARKER,
      '### Revisión automática / Automatic check',
      '',
      verdict,
      '',
      check,
      '',
      `Commit ${sha.slice(0, 12)} · [Detalles y vista previa / Details and preview](${runUrl})`,
    ].join('\n'));
  }

  const words = wordsFor(manifest);
  let link = '';
  if (pull && manifest.status === 'passed') {
    link = `\n\n${words.pull(pull.number)}`;
  } else if (pull) {
    link = `\n\n${words.kept(pull.number)}`;
  }
  let previews = '';
  const previewed = ['new', 'update', 'event', 'event_update'];
  if (manifest.status === 'passed' && previewed.includes(manifest.action)) {
    const shown = await previewSection(github, core, owner, repo, number, dir, manifest.action, words);
    previews = `\n\n${shown}`;
  } else {
    try {
      await writePreviews(github, owner, repo, number, []); // nothing of the last version stays shown
    } catch (error) {
      core.warning(`the issue's old previews stay: ${error.message}`);
    }
  }
  await writeReport(github, owner, repo, number, [
    report + link + previews,
    '',
    `[${words.details}](${runUrl})`,
  ].join('\n'), stamp);
  core.setOutput('pull', pull ? String(pull.number) : '');
}

// What the artist reads when a step before failed; nothing internal (no codes, no paths).
const FAILURES = {
  intake: [
    'No pudimos procesar tu envío por un problema de nuestro lado, no por lo que escribiste. ' +
      'El equipo ya puede verlo y lo revisará; no necesitas hacer nada por ahora.',
    'We could not process your submission because of a problem on our side, not because of ' +
      'what you wrote. The team can see it and will look into it; you do not need to do ' +
      'anything for now.',
  ],
  preview: [
    'Leímos tu envío, pero no pudimos preparar la vista previa del sitio con él. El equipo ' +
      'ya puede verlo y te escribirá aquí; no necesitas hacer nada por ahora.',
    'We read your submission, but could not prepare the preview of the site with it. The ' +
      'team can see it and will write to you here; you do not need to do anything for now.',
  ],
  publish: [
    'Revisamos tu envío, pero no pudimos abrir la propuesta para el equipo. El equipo ya ' +
      'puede verlo y te escribirá aquí; no necesitas hacer nada por ahora.',
    'We checked your submission, but could not open the pull request for the team. The ' +
      'team can see it and will write to you here; you do not need to do anything for now.',
  ],
};
const DOCUMENTED_EXITS = new Set(['0', '1', '2']); // invoke intake: ready, to fix, not ours

// The last step of the publish job, whatever happened before it: `intake` is the intake
// job's result, `status` the exit of `invoke intake`, `preview` the preview build's
// outcome, `published` the publish step's outcome, `updatedAt` the issue's state the
// intake read (the event's when it read none).
async function answer({ github, context, core, intake, status, preview, published, updatedAt }) {
  if (published === 'success') return; // publish answered
  if (intake === 'success' && status === '2') return; // not a submission: nothing to say
  let what = 'intake';
  if (intake === 'success' && DOCUMENTED_EXITS.has(status)) what = 'publish';
  else if (preview === 'failure') what = 'preview';
  const { owner, repo } = context.repo;
  const number = issueNumber(context);
  const issue = await currentIssue(github, context);
  if (issue.state !== 'open' || issue.locked) {
    core.notice('the issue is closed or locked: no answer');
    if (issue.state === 'closed') await retire(github, core, owner, repo, number);
    return;
  }
  // A crash before the form was recognised: answer only on an issue of ours.
  if (!['0', '1'].includes(status) && !(await isFormIssue(github, context, issue))) {
    core.notice('not an issue opened with a form: no answer');
    return;
  }
  const pull = await openPull(github, owner, repo, branchFor(number));
  const [es, en] = FAILURES[what];
  const kept = pull
    ? [` La propuesta #${pull.number} sigue con la versión anterior.`,
       ` Pull request #${pull.number} keeps the previous version.`]
    : ['', ''];
  const stamp = validStamp(updatedAt) || validStamp(context.payload.issue.updated_at);
  const written = await writeReport(github, owner, repo, number,
    [`${es}${kept[0]}`, '', `${en}${kept[1]}`].join('\n'), stamp);
  core.notice(written ? `answered on the issue: ${what} failed` : 'a newer run already answered');
}

// The issue's pull request, branch and previews go when it is closed, unless it was
// reopened meanwhile: the cleanup waits behind a publish in the queue, and an issue closed
// and reopened while its intake ran is open again, answered by that publish, with a pull
// request the comment names. An issue that cannot be read (gone, or a token without
// `issues: read`), or one transferred or deleted (another event than `closed`: the API
// may answer with the issue where it went), is cleaned up as before.
async function cleanup({ github, context, core }) {
  const { owner, repo } = context.repo;
  const number = issueNumber(context);
  let issue = null;
  try {
    if (context.payload.action === 'closed') issue = await currentIssue(github, context);
  } catch (error) {
    if (![403, 404, 410].includes(error.status)) throw error;
    core.notice(`the issue cannot be read (${error.status}): cleaning up`);
  }
  if (issue && issue.number === number && issue.state === 'open') {
    core.notice('the issue was reopened meanwhile: its pull request, branch and previews stay');
    return;
  }
  await retire(github, core, owner, repo, number);
}

// Whether our report comment is among the first ANSWER_PAGES pages of an issue's comments.
async function answeredOn(github, owner, repo, issue_number) {
  for (let page = 1; page <= ANSWER_PAGES; page += 1) {
    const { data } = await github.rest.issues.listComments({ owner, repo, issue_number, per_page: 100, page });
    if (data.some((c) => isMarked(c, ISSUE_MARKER))) {
      return true;
    }
    if (data.length < 100) return false;
  }
  return false;
}

async function branchExists(github, owner, repo, number) {
  try {
    await github.rest.git.getRef({ owner, repo, ref: `heads/${branchFor(number)}` });
    return true;
  } catch (error) {
    if (error.status !== 404) throw error;
    return false;
  }
}

// Whether two logins are the same account's (GitHub ignores case); never an empty one.
function sameLogin(one, other) {
  return typeof one === 'string' && typeof other === 'string' && one !== '' &&
    one.toLowerCase() === other.toLowerCase();
}

// A new artist's profile is made by the first issue taken in, and an issue finds the
// profiles still waiting on other issues' intake branches; two issues taken in side by
// side would both find none and make two profiles. So before reading its issue, the
// intake waits for the same author's open form issues with a lower number still being
// answered: until each is answered (our report comment), closed, or has its intake
// branch (a locked one never will be, and is not waited for), at most WAIT_LIMIT (then
// it goes on, with a warning; the check's duplicate account error stops a second profile
// at review). Lower numbers only: no two issues wait for each other. An issue without
// the form's label that we answered before is answered already; one we never answered
// is not a submission. Per poll one listing of
// the author's open issues (the login is a query value, never part of an address), and
// the comments or branch of an issue only when its comments changed since.
async function waitForEarlier(github, context, core, number, timer) {
  const { owner, repo } = context.repo;
  const author = context.payload.issue.user.login;
  const start = timer.now();
  const settled = new Set();
  const comments = new Map();
  for (;;) {
    const { data: listed } = await github.rest.issues.listForRepo({
      owner, repo, creator: author, state: 'open', sort: 'created', direction: 'asc', per_page: 100,
    });
    const waiting = [];
    for (const other of listed) {
      const lower = Number.isInteger(other.number) && other.number < number;
      if (!lower || other.pull_request || settled.has(other.number) || !hasFormLabel(other)) continue;
      // Only the author's own issues, whatever the listing returned (an author's login the
      // API did not filter by): no one makes another author's issue wait.
      if (!sameLogin(other.user && other.user.login, author)) continue;
      if (other.locked) continue; // the gate answers nothing on a locked issue: none to wait for
      const touched = Date.parse(other.updated_at);
      if (!(timer.now() - touched < WAIT_RECENT)) continue;
      if (!comments.has(other.number) || comments.get(other.number) !== other.comments) {
        comments.set(other.number, other.comments);
        const done = (other.comments !== 0 && await answeredOn(github, owner, repo, other.number)) ||
          await branchExists(github, owner, repo, other.number);
        if (done) {
          settled.add(other.number);
          continue;
        }
      }
      waiting.push(`#${other.number}`);
    }
    if (!waiting.length) return;
    const left = start + WAIT_LIMIT - timer.now();
    if (left <= 0) {
      core.warning(`${waiting.join(', ')} of the same author still unanswered after ` +
        `${WAIT_LIMIT / 60000} minutes: going on (the check stops a second profile)`);
      return;
    }
    core.notice(`waiting for ${waiting.join(', ')} of the same author to be answered first`);
    await timer.sleep(Math.min(WAIT_POLL, left));
  }
}

// The first step of the intake job: the event file `invoke intake` reads, with the issue
// as it is now. GitHub may start an older event's intake after a newer one's, cancelling
// that one (its group lets the last to start win): reading the issue here, after the
// group was joined, makes the run that survives process the newest text. It is read
// after waiting for the author's earlier issues (`waitForEarlier`), and said to be one we
// answered before (`altavoz_answered_before`). `timer`: tests pass their own clock.
async function refresh({ github, context, core, out, timer = REAL_TIMER }) {
  const number = issueNumber(context);
  try {
    await waitForEarlier(github, context, core, number, timer);
  } catch (error) { // a courtesy the check backs up: the API's bad minute does not stop the intake
    core.warning(`not waiting for the author's earlier issues: ${error.message}`);
  }
  const issue = await currentIssue(github, context);
  if (issue.number !== number || issue.pull_request) throw new Error('the API answered about another issue');
  // Beside the event's own keys (the issue's text is a value inside `issue`): the intake
  // takes an issue we answered before for a form's, whatever became of its label.
  const event = { ...context.payload, issue, altavoz_answered_before: await answeredBefore(github, context, issue) };
  fs.writeFileSync(out, JSON.stringify(event), { mode: 0o600 });
  core.setOutput('updated-at', validStamp(issue.updated_at));
  core.setOutput('body-sha256', bodyHash(issue.body));
}

module.exports = {
  gate, refresh, publish, answer, cleanup, isSubmissionFile, bodyHash,
  FORM_LABEL, MAX_OPEN_ISSUES, MAX_EVENTS_PER_HOUR, WAIT_LIMIT, WAIT_POLL,
};
