export { Alert } from './Alert.tsx';
export { Avatar, initials } from './Avatar.tsx';
export { Button } from './Button.tsx';
export { Card } from './Card.tsx';
export { Checkbox, Select, TextArea, TextField } from './fields.tsx';
export { FormError } from './FormError.tsx';
export { PageHeader } from './PageHeader.tsx';
export { Loading, Spinner } from './Spinner.tsx';
export { ImagePicker } from './ImagePicker.tsx';
