/**
 * File names of the templates that have a source in src/sgtm/source/ (`kind` `sgtm`, the default) or src/web/source/
 * (`web`), e.g. `rokt-event-api.tpl`.
 */
export declare function templateNames(kind?: 'sgtm' | 'web'): string[];
/** The assembled text of one template (its source with the shared fragments in place). */
export declare function assembleTemplate(name: string, kind?: 'sgtm' | 'web'): string;
/** Where the committed, assembled copy of a template lives (src/sgtm/<name>). */
export declare function committedPath(name: string): string;
/** Throws when the `.js` fragment `file` (text `source`) uses a name it neither declares, includes nor lists in `// @uses`. */
export declare function checkDeclaredUses(file: string, source: string): void;
