// $/cancelRequest: a request cancelled while it waited (for the scan, for a fresh analysis) answers
// RequestCancelled instead of computing a result the client has stopped waiting for.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export function cancellable<P, R>(handler: (params: P) => Promise<R> | R): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    await new Promise((resolve) => setImmediate(resolve)); // let a $/cancelRequest already queued behind this request arrive
    if (token.isCancellationRequested) return cancelled();
    const result = await handler(params);
    return token.isCancellationRequested ? cancelled() : result;
  };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}
