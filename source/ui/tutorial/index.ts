/** The tutorial's Ink parts, for the screen to mount (see README "Tutorial"). */
export {TutorialPanel, progressBar, type TutorialPanelProps} from './tutorial-panel.js';
export {CallPathView, type CallPathViewProps} from './call-path-view.js';
export {ExplanationLine, type ExplanationLineProps} from './explanation-line.js';
export {useTutorial, type UseTutorial} from './use-tutorial.js';
export {TUTORIAL_KEYS, tutorialKeyAction, type TutorialKeyAction} from './tutorial-keys.js';
