// $/cancelRequest: a request cancelled while it waited (for the scan, for a fresh analysis) answers
// RequestCancelled at once instead of computing a result the client has stopped waiting for.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export function cancellable<P, R>(handler: (params: P) => Promise<R> | R): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    await new Promise((resolve) => setImmediate(resolve)); // let a $/cancelRequest already queued behind this request arrive
    if (token.isCancellationRequested) return cancelled();
    // The handler may wait for a workspace scan: the cancel answers while it goes on (its result is dropped).
    let stopListening = () => {};
    const onCancel = new Promise<'cancelled'>((resolve) => {
      const listener = token.onCancellationRequested(() => resolve('cancelled'));
      stopListening = () => listener.dispose();
    });
    try {
      const result = await Promise.race([Promise.resolve(handler(params)), onCancel]);
      return result === 'cancelled' || token.isCancellationRequested ? cancelled() : (result as R);
    } finally {
      stopListening();
    }
  };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}
