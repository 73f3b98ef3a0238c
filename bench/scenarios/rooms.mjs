export default { name: 'rooms', title: 'rooms', target: 'todo', async run() { throw new Error('not written yet'); } };
