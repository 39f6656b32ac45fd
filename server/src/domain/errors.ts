/**
 * Errors the services raise; the HTTP layer maps each to a status and a problem+json body.
 * The domain never knows about HTTP.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly fields: FieldIssue[] = []) {
    super(message, 'validation');
  }
}

/** The object does not exist, or the actor may not know that it does. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`, 'not_found');
  }
}

/** The actor can see the object but may not do this to it. */
export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this') {
    super(message, 'forbidden');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, readonly fields: FieldIssue[] = []) {
    super(message, 'conflict');
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super(message, 'unauthenticated');
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, 'rate_limited');
  }
}
