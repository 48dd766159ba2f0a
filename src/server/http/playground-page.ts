/** The playground: one self-contained page (no external script, style or font). */
export const PLAYGROUND_PAGE = `<!doctype html><title>bunker playground</title><p>to come</p>`;
