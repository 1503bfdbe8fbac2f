/** An error from a QMP-shaped command: the message HMP prints after "Error: " and its class. */
export class QmpError extends Error {
	constructor(message: string, readonly errorClass = 'GenericError') {
		super(message);
	}
}
