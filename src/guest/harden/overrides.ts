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

/** Converts the overridable writable data properties of `object` into accessors. */
export function enableOverrides(object: object): void {
  for (const key of Reflect.ownKeys(object)) {
    if (!OVERRIDABLE.has(key)) continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key)!;
    if (!('value' in descriptor) || !descriptor.writable || !descriptor.configurable) continue;
    const value: unknown = descriptor.value;
    Reflect.defineProperty(object, key, {
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
    });
  }
}
