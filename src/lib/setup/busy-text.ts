/** What the admin waits for, keyed by the id of the invoked actor that is running. */
const BUSY_TEXT: Record<string, string> = {
	checkBaseUrl: 'Checking the URL, DNS and network path…',
	signInWithEntra: 'Waiting for the Microsoft Entra ID sign-in…',
	checkConnection: 'Asking Azure DevOps who this token belongs to…',
	listProjects: 'Loading the projects this credential can see…',
	discoverProject: "Discovering the project's process, work item types and required fields…",
	proveScopes: 'Proving each permission export needs (nothing is created)…',
	lookUpAssignee: 'Looking up people in Azure DevOps…',
	runDryRunCreate: 'Running a dry-run create (validateOnly, nothing is created)…',
	evaluatePolicy: 'Checking the results against the readiness rules…',
	saveTarget: 'Encrypting the token and saving the target…'
};

/** A plain sentence for the busy line; the invoked actor ids say what is being checked. */
export function busyText(runningActorIds: Iterable<string>): string {
	for (const id of runningActorIds) {
		const text = BUSY_TEXT[id];
		if (text) return text;
	}
	return 'Working…';
}
