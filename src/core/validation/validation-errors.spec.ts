import { ValidationError } from 'class-validator';
import { toFieldErrors } from './validation-errors';

const error = (property: string, value: unknown, constraints: Record<string, string>, children: ValidationError[] = []) =>
  Object.assign(new ValidationError(), { property, value, constraints, children });

describe(toFieldErrors.name, () => {
  it('speaks DRF: required, not allowed, and the validator message as a sentence', () => {
    expect(
      toFieldErrors([
        error('name', undefined, { isString: 'name must be a string' }),
        error('role', 'admin', { whitelistValidation: 'property role should not exist' }),
        error('email', 'x', { isEmail: 'email must be an email' }),
        error('bio', null, { isString: 'bio must be a string' }),
      ]),
    ).toEqual({
      name: ['This field is required.'],
      role: ['This field is not allowed.'],
      email: ['Must be an email.'],
      bio: ['This field may not be null.'],
    });
  });

  it('names nested fields with dots', () => {
    const nested = error('meta', {}, {}, [error('title', 5, { isString: 'title must be a string' })]);
    expect(toFieldErrors([nested])).toEqual({ 'meta.title': ['Must be a string.'] });
  });
});
