import React, {useState} from 'react';
import {Text} from 'ink';
import TextInput from 'ink-text-input';

/**
 * The scrollback search prompt. A single line typed at human speed, so ink-text-input fits
 * here (unlike the consoles, where keys can come faster than a frame).
 */
export function SearchPrompt(props: {onSubmit(query: string): void}) {
	const [query, setQuery] = useState('');
	return (
		<Text wrap="truncate">
			<Text bold>search scrollback: </Text>
			<TextInput value={query} onChange={setQuery} onSubmit={props.onSubmit} />
			<Text dimColor> (Enter find older, Esc cancel, n next)</Text>
		</Text>
	);
}
