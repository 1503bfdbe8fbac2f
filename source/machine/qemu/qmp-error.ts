/** An error from a QMP-shaped command: the message HMP prints after "Error: " and its class. */
export class QmpError extends Error {
	/**
	 * `hint`: what error_append_hint() added (lines ending in a newline), which HMP prints after
	 * the message and QMP leaves out.
	 */
	constructor(message: string, readonly errorClass = 'GenericError', readonly hint?: string) {
		super(message);
	}
}
