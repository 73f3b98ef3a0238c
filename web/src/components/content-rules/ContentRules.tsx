import type { ContentRule, ContentRuleChanges, NewContentRule, ParleyClient } from '@parley/client';
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { describe, Field, FormOutcome, useFormState } from '@parley/react/internal';
import './content-rules.css';

type Kind = NewContentRule['kind'];
type Action = NewContentRule['action'];
type Detector = NonNullable<NewContentRule['detectors']>[number];

const KINDS: { value: Kind; label: string }[] = [
  { value: 'words', label: 'Words and phrases' },
  { value: 'regex', label: 'Regular expression' },
  { value: 'links', label: 'Link domains' },
  { value: 'pii', label: 'Personal data' },
];
const ACTIONS: { value: Action; label: string }[] = [
  { value: 'block', label: 'Block: refuse the message' },
  { value: 'mask', label: 'Mask: store it with the match as ***' },
  { value: 'flag', label: 'Flag: deliver it and file a report' },
  { value: 'hold', label: 'Hold: keep it for a moderator to approve' },
];
const DETECTORS: { value: Detector; label: string }[] = [
  { value: 'email', label: 'E-mail addresses' },
  { value: 'phone', label: 'Phone numbers' },
  { value: 'card', label: 'Payment card numbers' },
];
/** The fields the server may name in a 400 (shown under each). */
const FIELDS = ['name', 'kind', 'action', 'enabled', 'words', 'pattern', 'link_mode', 'domains', 'detectors', 'phone_region'];

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
/** A field error of a list (`words.0`, `domains[1]`) shown under its list. */
const errorsOf = (fields: Record<string, string[]>, name: string) => {
  const all = Object.entries(fields).flatMap(([key, messages]) =>
    key === name || key.startsWith(`${name}.`) || key.startsWith(`${name}[`) ? messages : [],
  );
  return all.length ? all : undefined;
};

function Heading({ level, ...props }: { level: 2 | 3 | 4; id?: string; className?: string; children: ReactNode }) {
  const Tag = `h${level}` as const;
  return <Tag {...props} />;
}

/** What the rule looks for, in words. */
export function ruleSummary(rule: ContentRule): string {
  switch (rule.kind) {
    case 'words':
      return `Words: ${(rule.words ?? []).join(', ')}`;
    case 'regex':
      return `Pattern: ${rule.pattern ?? ''}`;
    case 'links':
      return `${rule.link_mode === 'allow' ? 'Links anywhere but' : 'Links to'}: ${(rule.domains ?? []).join(', ')}`;
    default:
      return `Personal data: ${(rule.detectors ?? []).map((d) => DETECTORS.find((x) => x.value === d)?.label.toLowerCase() ?? d).join(', ')}${
        rule.phone_region ? ` (national numbers of ${rule.phone_region})` : ''
      }`;
  }
}
const kindLabel = (kind: string) => KINDS.find((k) => k.value === kind)?.label ?? kind;
const actionWord = (action: string) => ({ block: 'Block', mask: 'Mask', flag: 'Flag', hold: 'Hold' })[action] ?? action;
const ruleName = (rule: ContentRule) => rule.name || kindLabel(rule.kind);

/**
 * The content rules editor (docs/compliance.md): the deployment's rules (no `roomId`; the admin
 * console, global admins) or a room's own (its settings, owners and admins). List, create, edit,
 * enable or disable, delete after a confirmation; the server's field errors under their field.
 */
export default function ContentRules({ client, roomId, level = 2 }: { client: ParleyClient; roomId?: string; level?: 2 | 3 }) {
  const top = level;
  const inner = (level + 1) as 3 | 4;
  const [rules, setRules] = useState<ContentRule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const titleId = useId();

  const load = useCallback(
    () =>
      client.contentRules(roomId).then(
        (list) => (setRules(list), setError(null)),
        (failure: unknown) => setError(describe(failure)),
      ),
    [client, roomId],
  );
  useEffect(() => void load(), [load]);

  const changed = (message: string) => {
    setStatus(message);
    setEditing(null);
    void load();
  };

  return (
    <section className="content-rules" aria-labelledby={titleId}>
      <Heading level={top} id={titleId}>
        {roomId ? 'Content rules' : 'Deployment content rules'}
      </Heading>
      <p className="hint">
        {roomId
          ? 'Checked before a message in this room is stored, after the deployment’s own rules.'
          : 'Checked before any message in any room is stored; rooms can add their own.'}
      </p>
      <RuleForm client={client} roomId={roomId} level={inner} onDone={(rule) => changed(`Rule “${ruleName(rule)}” created.`)} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="ok">
        {status}
      </p>
      {rules?.length === 0 && <p>No content rules yet.</p>}
      <ul className="content-rules__list" aria-label={roomId ? 'The room’s content rules' : 'Deployment content rules'}>
        {rules?.map((rule) =>
          editing === rule.id ? (
            <li key={rule.id} className="card">
              <RuleForm
                client={client}
                roomId={roomId}
                rule={rule}
                level={inner}
                onDone={(saved) => changed(`Rule “${ruleName(saved)}” saved.`)}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <RuleItem
              key={rule.id}
              client={client}
              roomId={roomId}
              rule={rule}
              level={inner}
              onEdit={() => setEditing(rule.id)}
              onChanged={changed}
            />
          ),
        )}
      </ul>
    </section>
  );
}

function RuleItem({
  client,
  roomId,
  rule,
  level,
  onEdit,
  onChanged,
}: {
  client: ParleyClient;
  roomId?: string;
  rule: ContentRule;
  level: 3 | 4;
  onEdit: () => void;
  onChanged: (message: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const name = ruleName(rule);
  useEffect(() => (confirming ? keepButton.current?.focus() : undefined), [confirming]);

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged(done);
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  }
  const toggle = () =>
    act(() => client.updateContentRule(rule.id, { enabled: !rule.enabled }, roomId), `Rule “${name}” ${rule.enabled ? 'disabled' : 'enabled'}.`);
  const remove = () => act(() => client.deleteContentRule(rule.id, roomId), `Rule “${name}” deleted.`);

  return (
    <li className={`card content-rule${rule.enabled ? '' : ' content-rule--off'}`} aria-label={name}>
      <Heading level={level} className="content-rule__name">
        {name} <span className={`content-rule__action content-rule__action--${rule.action}`}>{actionWord(rule.action)}</span>
        {!rule.enabled && <span className="content-rule__off"> (disabled)</span>}
      </Heading>
      <p className="hint">{kindLabel(rule.kind)}</p>
      <p className="content-rule__what">{ruleSummary(rule)}</p>
      {confirming ? (
        <div className="card__buttons" role="group" aria-label={`Delete rule ${name}?`}>
          <span>Delete this rule?</span>
          <button type="button" className="danger small" onClick={() => void remove()} disabled={busy}>
            Delete rule
          </button>
          <button
            type="button"
            ref={keepButton}
            className="secondary small"
            onClick={() => {
              setConfirming(false);
              requestAnimationFrame(() => deleteButton.current?.focus());
            }}
          >
            Keep
          </button>
        </div>
      ) : (
        <div className="card__buttons">
          <button type="button" className="secondary small" onClick={onEdit}>
            Edit<span className="sr-only"> rule {name}</span>
          </button>
          <button type="button" className="secondary small" onClick={() => void toggle()} disabled={busy}>
            {rule.enabled ? 'Disable' : 'Enable'}
            <span className="sr-only"> rule {name}</span>
          </button>
          <button type="button" ref={deleteButton} className="secondary small" onClick={() => setConfirming(true)}>
            Delete<span className="sr-only"> rule {name}</span>
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A new rule (no `rule`), or a rule's changes (its kind stays). */
function RuleForm({
  client,
  roomId,
  rule,
  level,
  onDone,
  onCancel,
}: {
  client: ParleyClient;
  roomId?: string;
  rule?: ContentRule;
  level: 3 | 4;
  onDone: (rule: ContentRule) => void;
  onCancel?: () => void;
}) {
  const state = useFormState();
  const [kind, setKind] = useState<Kind>((rule?.kind as Kind | undefined) ?? 'words');
  const titleId = useId();
  const f = state.fields;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const fields: ContentRuleChanges = { name: text('name'), action: text('action') as Action };
    if (kind === 'words') fields.words = lines(text('words'));
    if (kind === 'regex') fields.pattern = text('pattern');
    if (kind === 'links') Object.assign(fields, { link_mode: text('link_mode'), domains: lines(text('domains')) });
    if (kind === 'pii') {
      fields.detectors = data.getAll('detectors').map(String) as Detector[];
      const region = text('phone_region').toUpperCase();
      if (region || rule) fields.phone_region = region || null;
    }
    if (!rule) {
      if (!fields.name) delete fields.name;
      fields.enabled = data.get('enabled') === 'on';
    }
    await state.run(
      async () => {
        const saved = rule
          ? await client.updateContentRule(rule.id, fields, roomId)
          : await client.createContentRule({ ...fields, kind, action: fields.action! }, roomId);
        if (!rule) {
          form.reset();
          setKind('words');
        }
        onDone(saved);
      },
      undefined,
      FIELDS,
    );
  }

  const heading = rule ? `Edit rule ${ruleName(rule)}` : 'New content rule';
  return (
    <form onSubmit={submit} className={rule ? 'content-rules__form' : 'card content-rules__form'} aria-labelledby={titleId} noValidate>
      <Heading level={level} id={titleId}>
        {heading}
      </Heading>
      <Field label="Rule name" hint="A label for moderators (optional)." errors={f.name}>
        {(a11y) => <input {...a11y} name="name" defaultValue={rule?.name ?? ''} maxLength={100} autoComplete="off" />}
      </Field>
      {rule ? (
        <p className="hint">Kind: {kindLabel(rule.kind)} (a rule keeps its kind)</p>
      ) : (
        <Field label="Kind" errors={f.kind}>
          {(a11y) => (
            <select {...a11y} name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {kind === 'words' && (
        <Field
          label="Words or phrases, one a line"
          hint="Whole words, whatever their case, accents or look-alike letters (up to 1,000)."
          errors={errorsOf(f, 'words')}
        >
          {(a11y) => <textarea {...a11y} name="words" rows={3} defaultValue={rule?.words?.join('\n') ?? ''} />}
        </Field>
      )}
      {kind === 'regex' && (
        <Field label="Pattern" hint="An RE2 regular expression (no backreferences or lookaround), matched ignoring case." errors={f.pattern}>
          {(a11y) => <input {...a11y} name="pattern" defaultValue={rule?.pattern ?? ''} maxLength={500} autoComplete="off" spellCheck={false} />}
        </Field>
      )}
      {kind === 'links' && (
        <>
          <fieldset aria-invalid={f.link_mode ? true : undefined}>
            <legend>Which links match</legend>
            <label>
              <input type="radio" name="link_mode" value="deny" defaultChecked={rule?.link_mode !== 'allow'} /> Links to these domains (deny list)
            </label>
            <label>
              <input type="radio" name="link_mode" value="allow" defaultChecked={rule?.link_mode === 'allow'} /> Links to any other domain (allow
              list)
            </label>
            {f.link_mode && <span className="field-error">{f.link_mode.join(' ')}</span>}
          </fieldset>
          <Field label="Domains, one a line" hint="Such as example.com; a domain covers its subdomains." errors={errorsOf(f, 'domains')}>
            {(a11y) => <textarea {...a11y} name="domains" rows={3} defaultValue={rule?.domains?.join('\n') ?? ''} />}
          </Field>
        </>
      )}
      {kind === 'pii' && (
        <>
          <fieldset aria-invalid={f.detectors ? true : undefined}>
            <legend>Detect</legend>
            {DETECTORS.map((d) => (
              <label key={d.value}>
                <input type="checkbox" name="detectors" value={d.value} defaultChecked={rule?.detectors?.includes(d.value) ?? false} /> {d.label}
              </label>
            ))}
            {f.detectors && <span className="field-error">{f.detectors.join(' ')}</span>}
          </fieldset>
          <Field
            label="Phone region (optional)"
            hint="Two letters such as US: its national numbers count too. Empty: international (+…) numbers only."
            errors={f.phone_region}
          >
            {(a11y) => <input {...a11y} name="phone_region" defaultValue={rule?.phone_region ?? ''} maxLength={2} autoComplete="off" />}
          </Field>
        </>
      )}
      <Field label="Action" errors={f.action}>
        {(a11y) => (
          <select {...a11y} name="action" defaultValue={rule?.action ?? 'block'}>
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!rule && (
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked /> Enabled
        </label>
      )}
      <FormOutcome state={state} />
      <div className="card__buttons">
        <button type="submit" disabled={state.busy}>
          {rule ? 'Save rule' : 'Create rule'}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
