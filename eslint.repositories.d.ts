/** See eslint.repositories.js. */
export declare const NOT_YET_IN_REPOSITORIES: string[];
