/**
 * File names of the templates that have a source folder in src/sgtm/ (`kind` `sgtm`, the default) or src/web/
 * (`web`), e.g. `rokt-event-api.tpl`.
 */
export declare function templateNames(kind?: 'sgtm' | 'web'): string[];
/** The assembled text of one template (its sources with the shared fragments in place). */
export declare function assembleTemplate(name: string, kind?: 'sgtm' | 'web'): string;
/** Throws when the `.js` fragment `file` (text `source`) uses a name it neither declares, includes nor lists in `// @uses`. */
export declare function checkDeclaredUses(file: string, source: string): void;
