import { listValue } from '../client';
import { obj, str } from './json';

/** The team's default area (`GET …/teamsettings/teamfieldvalues`) when its team field is the area. */
export function teamDefaultArea(teamFieldValues: unknown): string | undefined {
	const t = obj(teamFieldValues);
	return str(obj(t.field).referenceName) === 'System.AreaPath' ? str(t.defaultValue) : undefined;
}

/**
 * The team's current iteration as a field value, from
 * `GET …/teamsettings/iterations?$timeframe=current`: what a new finding should land in by default.
 */
export function teamCurrentIteration(iterations: unknown): string | undefined {
	return str(obj(listValue<unknown>(iterations)[0]).path)?.replace(/^\\/, '');
}
