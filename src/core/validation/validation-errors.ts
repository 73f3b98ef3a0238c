import { ValidationError } from 'class-validator';

const REQUIRED = 'This field is required.';
const NOT_NULL = 'This field may not be null.';
const NOT_ALLOWED = 'This field is not allowed.';

/**
 * class-validator errors as DRF field errors: `{"name": ["This field is required."]}`,
 * nested fields joined with dots (`meta.title`), array items by index.
 */
export function toFieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = messagesOf(error);
    if (messages.length > 0) fields[path] = messages;
    if (error.children?.length) Object.assign(fields, toFieldErrors(error.children, path));
  }
  return fields;
}

function messagesOf(error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  if (Object.keys(constraints).length === 0) return [];
  if ('whitelistValidation' in constraints) return [NOT_ALLOWED];
  if (error.value === undefined) return [REQUIRED];
  if (error.value === null) return [NOT_NULL];
  return Object.values(constraints).map(sentence);
}

/** "username must be a string" -> "Must be a string." (the key already names the field). */
function sentence(message: string): string {
  const withoutProperty = message.replace(/^\S+ (must|should|has|is) /, '$1 ');
  const text = withoutProperty.charAt(0).toUpperCase() + withoutProperty.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
