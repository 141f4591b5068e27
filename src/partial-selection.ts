import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  responsePathAsArray,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** `@skip`/`@include` as graphql-js applies them. */
function included(node: SelectionNode, variables: GraphQLResolveInfo['variableValues']): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** Whether a fragment's type condition applies to objects of `type` (always, where the type is not known). */
function applies(condition: string | undefined, type: GraphQLObjectType | undefined, info: GraphQLResolveInfo): boolean {
  if (!condition || !type || condition === type.name) return true;
  const named = info.schema.getType(condition);
  return named !== undefined && named !== null && isAbstractType(named) && info.schema.isSubType(named, type);
}

/** The fields of some selection sets, fragments expanded. */
function fieldsOf(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, type?: GraphQLObjectType): FieldNode[] {
  const fields: FieldNode[] = [];
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        fields.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type, info)) walk(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value, type, info)) walk(fragment.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return fields;
}

/**
 * The schema names (never aliases) of the fields the operation selects on the object the resolver being
 * run belongs to — its siblings, itself included. Found by following the response path from the operation's
 * root: each named step picks the fields with that response key, list indexes are skipped.
 */
export function selectedSiblingFields(info: GraphQLResolveInfo): Set<string> {
  const keys = responsePathAsArray(info.path).filter((key): key is string => typeof key === 'string');
  keys.pop();
  let sets: SelectionSetNode[] = [info.operation.selectionSet];
  for (const key of keys) {
    sets = fieldsOf(sets, info)
      .filter((field) => (field.alias?.value ?? field.name.value) === key)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return new Set(fieldsOf(sets, info, info.parentType).map((field) => field.name.value));
}
