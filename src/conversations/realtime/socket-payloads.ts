import { ValidationPipe } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { FieldValidationError } from '../../core/errors/domain-error';
import { toFieldErrors } from '../../core/validation/validation-errors';
import { CLIENT_MESSAGE_ID_MAX_LENGTH } from '../messages/dto/message.dto';
import { messageContentProblem } from '../messages/dto/message-content';
import { isSeq } from '../../core/validation/fields';
import { SocketReadDto, SocketSendDto, TypingDto } from './dto/socket.dto';

/** The validation of every client event; errors become `{ok: false, error: {code: 'validation_error', fields}}`. */
export const socketValidation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => new FieldValidationError(toFieldErrors(errors)),
});

/**
 * The chattiest events (typing, sends, and the read that follows every room switch) take a shortcut: the common well-formed payload is checked
 * inline (a subset of the DTO's rules that can only accept what they accept: see the
 * spec, which holds the two to the same answers), anything else goes through the DTO
 * and the same pipe, so errors read the same.
 */
function plainObject(payload: unknown): Record<string, unknown> | null {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
}

/** A client event's payload through its DTO and the shared pipe (errors: `validation_error` with fields). */
export const toDto = async <T>(payload: unknown, metatype: new () => T): Promise<T> =>
  (await socketValidation.transform(payload, { type: 'body', metatype })) as T;

export async function toTypingDto(payload: unknown): Promise<TypingDto> {
  const body = plainObject(payload);
  if (body) {
    const { room_id, is_typing, ...rest } = body;
    if (typeof room_id === 'string' && isUUID(room_id) && typeof is_typing === 'boolean' && Object.keys(rest).length === 0) {
      return { room_id, is_typing };
    }
  }
  return toDto(payload, TypingDto);
}

export async function toSendDto(payload: unknown): Promise<SocketSendDto> {
  const body = plainObject(payload);
  if (body) {
    const { room_id, content, client_message_id, ...rest } = body;
    const text = typeof content === 'string' ? content.trim() : '';
    // Content passes the DTO's own rule; UTF-16 length bounds the code points the DTO counts for client_message_id.
    if (
      Object.keys(rest).length === 0 &&
      typeof room_id === 'string' &&
      isUUID(room_id) &&
      typeof content === 'string' &&
      messageContentProblem(text) === null &&
      (client_message_id === undefined ||
        (typeof client_message_id === 'string' && client_message_id.length >= 1 && client_message_id.length <= CLIENT_MESSAGE_ID_MAX_LENGTH))
    ) {
      return Object.assign(new SocketSendDto(), { room_id, content: text, ...(client_message_id === undefined ? {} : { client_message_id }) });
    }
  }
  return toDto(payload, SocketSendDto);
}

export async function toReadDto(payload: unknown): Promise<SocketReadDto> {
  const body = plainObject(payload);
  if (body) {
    const { room_id, seq, ...rest } = body;
    if (typeof room_id === 'string' && isUUID(room_id) && (seq === undefined || isSeq(seq, 0)) && Object.keys(rest).length === 0) {
      return Object.assign(new SocketReadDto(), seq === undefined ? { room_id } : { room_id, seq });
    }
  }
  return toDto(payload, SocketReadDto);
}
