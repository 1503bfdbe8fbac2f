#!/usr/bin/env node
import {runCli} from './source/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
