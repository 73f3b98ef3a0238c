import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { UserSession } from '../auth/entities/user-session.entity';
import { User } from '../users/entities/user.entity';

/** Every entity, listed so the app, the CLI and Jest load them the same way (no globs). */
export const ENTITIES = [User, UserSession, RefreshToken];
