// The LSP lifecycle: requests before `initialize` answer ServerNotInitialized (-32002), a second `initialize`
// and requests after `shutdown` are refused (InvalidRequest), as the specification asks.
import { ErrorCodes, ResponseError, type InitializeError } from 'vscode-languageserver/node';

type State = 'awaiting initialize' | 'running' | 'shut down';

export class Lifecycle {
  private state: State = 'awaiting initialize';

  /** Called from the initialize handler: the error to answer a repeated one with, else undefined. */
  initialize(): ResponseError<InitializeError> | undefined {
    if (this.state !== 'awaiting initialize') return new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received', { retry: false });
    this.state = 'running';
    return undefined;
  }

  shutdown(): void {
    this.state = 'shut down';
  }

  /** `handler` answered only while the server runs. */
  guard<P, T, R>(handler: (params: P, token: T) => R): (params: P, token: T) => R | ResponseError<void> {
    return (params, token) => {
      if (this.state === 'awaiting initialize') return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet');
      if (this.state === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shut down');
      return handler(params, token);
    };
  }
}
