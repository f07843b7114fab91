// People grouping worker: the engine (all embeddings + groups in typed arrays) lives here so a
// regroup of 100,000 faces never blocks the page. Logic is in src/lib/people/engine.ts.
import { expose } from 'comlink';
import { PeopleEngine } from '../lib/people/engine';

expose(new PeopleEngine());
