// Runs the checks that apply to each file: ASL definitions (*.asl.json) and CloudFormation templates (with
// Resources), including the state machine definitions inside templates.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkStateMachine } from './asl.mjs';
import { loadDependencies, sageMakerModelPath } from './dependencies.mjs';
import { findPlaceholders, substituteTree } from './placeholders.mjs';
import { Check, describe, isPlainObject, problem } from './report.mjs';
import { loadResourceSpec } from './resource-spec.mjs';
import { checkSageMakerTasks, loadSageMakerModel } from './sagemaker.mjs';
import { sampleForName, TemplateSamples } from './samples.mjs';
import { checkTemplate } from './template.mjs';

/** Raised for a file that cannot be read or is of neither kind; the CLI exits 2 with its message. */
export class InputError extends Error {}

/** Loads the packages and data once, for any number of validations. */
export class Validator {
  constructor(dependencies = loadDependencies()) {
    this.dependencies = dependencies;
  }

  get spec() {
    this.resourceSpec ??= loadResourceSpec(this.dependencies.resourceDatabasePath);
    return this.resourceSpec;
  }

  get statelint() {
    this.statelintInstance ??= new this.dependencies.StateLint();
    return this.statelintInstance;
  }

  get sageMaker() {
    this.sageMakerModel ??= loadSageMakerModel(sageMakerModelPath);
    return this.sageMakerModel;
  }

  /** Validates files; returns [{ file, problems }] in the order given. Throws InputError for unreadable input. */
  validateFiles(files) {
    const documents = files.map(readDocument);
    const templates = documents.filter((d) => d.kind === 'template');
    const substitutions = templates.length === 0 ? new Map() : substitutionsOfTemplates(templates, this.spec);
    return documents.map((d) => ({ file: d.file, problems: this.validateDocument(d, substitutions) }));
  }

  validateDocument(document, substitutions) {
    switch (document.kind) {
      case 'unparsable':
        return [problem(Check.json, '(root)', document.error)];
      case 'asl': {
        const valueOf = (name) => substitutions.get(name) ?? sampleForName(name);
        return this.checkDefinition(substituteTree(document.json, valueOf), []);
      }
      default:
        return this.validateTemplate(document.json);
    }
  }

  validateTemplate(template) {
    const problems = checkTemplate(template, this.spec);
    const samples = new TemplateSamples(template, this.spec);
    for (const machine of stateMachines(template)) {
      problems.push(...machine.problems);
      if (machine.definition !== undefined) {
        const definition = substituteTree(machine.definition, machine.valueOf(samples), (o) => samples.forIntrinsic(o));
        problems.push(...this.checkDefinition(definition, machine.path));
      }
    }
    return problems;
  }

  checkDefinition(definition, path) {
    if (!isPlainObject(definition)) {
      return [problem(Check.aslValidator, path, `a state machine definition is an object, got ${describe(definition)}`)];
    }
    return [
      ...checkStateMachine({ aslValidator: this.dependencies.aslValidator, statelint: this.statelint }, definition, path),
      ...checkSageMakerTasks(this.sageMaker, definition, path),
    ];
  }
}

function readDocument(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${error.message}`);
  }
  let json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { file, kind: 'unparsable', error: `not valid JSON: ${error.message}` };
  }
  if (basename(file).endsWith('.asl.json')) {
    return { file, kind: 'asl', json };
  }
  if (isPlainObject(json) && 'Resources' in json) {
    return { file, kind: 'template', json };
  }
  throw new InputError(`${file}: neither a state machine definition (*.asl.json) nor a CloudFormation template (no Resources)`);
}

/**
 * The DefinitionSubstitutions of every state machine in the templates, as samples by name: a standalone
 * *.asl.json checked with its template gets the same stand-ins for `${...}` as the template's own definition.
 */
function substitutionsOfTemplates(templates, spec) {
  const byName = new Map();
  for (const { json } of templates) {
    const samples = new TemplateSamples(json, spec);
    for (const machine of stateMachines(json)) {
      for (const [name, value] of Object.entries(machine.substitutions)) {
        byName.set(name, samples.forSubstitution(name, value));
      }
    }
  }
  return byName;
}

/**
 * The state machines of a template: each AWS::StepFunctions::StateMachine with its definition (the Definition
 * object, or DefinitionString as a string or Fn::Sub), where it sits, and how its `${...}` placeholders resolve.
 */
function stateMachines(template) {
  const resources = isPlainObject(template.Resources) ? template.Resources : {};
  return Object.entries(resources)
    .filter(([, r]) => isPlainObject(r) && r.Type === 'AWS::StepFunctions::StateMachine' && isPlainObject(r.Properties))
    .map(([logicalId, r]) => stateMachine(logicalId, r.Properties));
}

function stateMachine(logicalId, properties) {
  const path = ['Resources', logicalId, 'Properties'];
  const substitutions = isPlainObject(properties.DefinitionSubstitutions) ? properties.DefinitionSubstitutions : {};
  const machine = {
    substitutions,
    problems: [],
    definition: undefined,
    path: [...path, 'Definition'],
    valueOf: (samples) => (name) => samples.forSubstitution(name, substitutions[name]),
  };
  if (properties.Definition !== undefined) {
    return { ...machine, definition: properties.Definition, problems: missingSubstitutions(properties.Definition, machine.path, substitutions) };
  }
  return { ...machine, ...definitionString(properties.DefinitionString, [...path, 'DefinitionString'], substitutions) };
}

// Every ${Name} in Definition must be a DefinitionSubstitutions key, or it reaches Step Functions as it is.
function missingSubstitutions(definition, path, substitutions) {
  return findPlaceholders(definition, path)
    .filter((p) => !(p.name in substitutions))
    .map((p) => problem(Check.template, p.path, `\${${p.name}} has no entry in DefinitionSubstitutions`));
}

// DefinitionString as a JSON string, or as a Fn::Sub of one, whose ${Name}s are Sub variables or template names
// (and then DefinitionSubstitutions keys). Other forms (Fn::Join, ...) are not checked.
function definitionString(value, path, substitutions) {
  const [text, variables = {}] = typeof value === 'string' ? [value]
    : isPlainObject(value) && 'Fn::Sub' in value ? [].concat(value['Fn::Sub']) : [];
  if (typeof text !== 'string') {
    return { path };
  }
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return { path, problems: [problem(Check.json, path, `not valid JSON: ${error.message}`)] };
  }
  const valueOf = (samples) => (name) => {
    if (isPlainObject(variables) && name in variables) {
      return samples.forAny(variables[name]);
    }
    return name in substitutions ? samples.forSubstitution(name, substitutions[name]) : samples.forName(name);
  };
  return { path, definition, valueOf };
}
