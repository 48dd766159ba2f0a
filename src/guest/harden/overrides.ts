/**
 * The "override mistake": once a prototype is frozen, assigning a property of the same name on an
 * object that inherits from it throws in strict code (`error.message = …` on an error this realm
 * made, `data.toJSON = …` on an object `response.json()` made). SES answers it by turning such
 * properties into accessors whose setter defines the property on the object assigned to; this does
 * the same for the names scripts and libraries commonly assign.
 *
 * `constructor` is left a data property on purpose: JavaScriptCore's fast paths for array and
 * promise species watch it, and a script rarely assigns it on an object it did not make.
 */
const OVERRIDABLE = new Set<PropertyKey>([
  'name',
  'message',
  'toString',
  'toLocaleString',
  'valueOf',
  'toJSON',
]);

/**
 * When `key` of `object` is an overridable writable data property, redefines it as an accessor
 * and returns the new descriptor; otherwise returns undefined and changes nothing.
 */
export function makeOverridable(
  object: object,
  key: PropertyKey,
  descriptor: PropertyDescriptor,
): PropertyDescriptor | undefined {
  if (!OVERRIDABLE.has(key) || !('value' in descriptor)) return undefined;
  if (!descriptor.writable || !descriptor.configurable) return undefined;
  const value: unknown = descriptor.value;
  const accessor: PropertyDescriptor = {
    get: function () {
      return value;
    },
    set: function (this: object, next: unknown) {
      if (this === object)
        throw new TypeError(`Cannot assign to read only property '${String(key)}'`);
      if (Object.prototype.hasOwnProperty.call(this, key)) {
        (this as Record<PropertyKey, unknown>)[key] = next;
      } else {
        Reflect.defineProperty(this, key, {
          value: next,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    },
    enumerable: descriptor.enumerable!,
    configurable: false,
  };
  Reflect.defineProperty(object, key, accessor);
  return accessor;
}
