// SvelteKit's $lib alias for dependency-cruiser, which reads aliases from a webpack-style resolve
// config (the tsconfig paths SvelteKit generates are relative to .svelte-kit/, which it misreads).
module.exports = { resolve: { alias: { $lib: `${__dirname}/../src/lib` } } };
