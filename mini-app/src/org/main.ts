import { createApp } from 'vue';
import OrgApp from './OrgApp.vue';
import '../imports/imports.css';
import './org.css';

createApp(OrgApp).mount('#org');
