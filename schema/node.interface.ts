import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description: 'An object with a global id: `<Type>:<connectionId>:<nativeId>`; `node(id:)` resolves any of them.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id `<Type>:<connectionId>:<nativeId>`, stable for as long as the vendor keeps the object.' })
  id!: string;
}
